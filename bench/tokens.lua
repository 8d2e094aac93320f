-- tokens.lua -- wrk script: each request with the next bearer token of the
-- file $TOKENS (threads take disjoint strides), and the body $BODY if set.
local tokens, body = {}, os.getenv("BODY")
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local nthreads, counter = 0, 0

function setup(thread)
	thread:set("id", nthreads)
	nthreads = nthreads + 1
	thread:set("stride", tonumber(os.getenv("THREADS") or "1"))
end

function init(args)
	counter = id
end

function request()
	local t = tokens[(counter % #tokens) + 1]
	counter = counter + stride
	local headers = { ["Authorization"] = "Bearer " .. t }
	if body then headers["Content-Type"] = "application/json" end
	return wrk.format(body and "POST" or "GET", nil, headers, body)
end
