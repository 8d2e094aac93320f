-- overload.lua -- wrk script: tokens.lua's requests, and a count of the
-- answers by status, printed as "status N COUNT" lines when wrk is done.
dofile(os.getenv("BENCH_DIR") .. "/tokens.lua")
local threads = {}
local tokens_setup = setup

function setup(thread)
	tokens_setup(thread)
	table.insert(threads, thread)
end

statuses = {}

-- THINK_MS: each connection waits this long (and up to a fifth more, at
-- random) before each request, as a crowd of clients does, instead of
-- sending the next request, a shed one's too, the moment an answer came.
local think = tonumber(os.getenv("THINK_MS") or "0")
if think > 0 then
	function delay()
		return think + math.random(0, math.floor(think / 5))
	end
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
	local total = {}
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("statuses")) do
			total[k] = (total[k] or 0) + v
		end
	end
	for k, v in pairs(total) do
		io.write(string.format("status %d %d\n", k, v))
	end
	io.write(string.format("socket errors: connect %d read %d write %d timeout %d\n",
	    summary.errors.connect, summary.errors.read, summary.errors.write,
	    summary.errors.timeout))
end
