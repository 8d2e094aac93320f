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
