-- wrk script for the mace load tests (see README.md).
--
-- With MACE_BENCH_IDS set to a file of person ids (one a line), it requests
-- MACE_BENCH_PREFIX .. id for one id after another (default prefix /people/;
-- the JSON API is /api/v1/people/), each wrk thread starting at a different
-- place in the list. Without it, it requests the URL given to wrk.
--
-- Either way it counts the responses that are not 200 (wrk itself counts
-- only statuses of 400 and above, so a redirect to the sign-in page would
-- otherwise pass unnoticed) and prints the count at the end.
--
-- Pass the session cookie or the bearer token with wrk -H, for example
--   MACE_BENCH_IDS=ids.txt wrk -t2 -c8 -d20s --latency -s bench/people.lua \
--       -H "Cookie: mace_session=..." http://127.0.0.1:18080/

local file = os.getenv("MACE_BENCH_IDS") or ""
local prefix = os.getenv("MACE_BENCH_PREFIX") or "/people/"

local ids = {}
if file ~= "" then
  for line in io.lines(file) do
    line = line:gsub("%s+", "")
    if line ~= "" then
      ids[#ids + 1] = line
    end
  end
  if #ids == 0 then
    error("no ids in " .. file)
  end
end

-- setup runs once for each thread, in the main script's state.
local threads = {}
function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

local i = 0
not_200 = 0

function init(args)
  if #ids > 0 then
    -- Spread the threads' starting points over the list.
    i = ((thread_number or 0) * 397) % #ids
  end
end

function request()
  if #ids == 0 then
    return wrk.format("GET")
  end
  i = i % #ids + 1
  return wrk.format("GET", prefix .. ids[i])
end

function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + (t:get("not_200") or 0)
  end
  io.write(string.format("Responses other than 200: %d\n", n))
end
