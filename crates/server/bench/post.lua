-- wrk script for bench/load.sh: every request POSTs a new flag to /api/v1/flags, with an id no request has used
-- before (a random prefix per run, the thread's number, a counter), and counts answers other than 201 Created.
-- Usage: wrk -s post.lua -H "Authorization: Bearer TOKEN" http://127.0.0.1:PORT/api/v1/flags

-- setup() runs in the main Lua state; `tid` and `run` become globals of each thread's own state.
local threads = {}
local next_thread = 0
local run_of_setup = nil

function setup(thread)
   if run_of_setup == nil then
      math.randomseed(os.time())
      run_of_setup = math.random(0, 0x7fffffff)
   end
   thread:set("tid", next_thread)
   thread:set("run", run_of_setup)
   next_thread = next_thread + 1
   table.insert(threads, thread)
end

-- The excerpt and its SHA-256 (the server checks it); spans are UTF-8 byte ranges of it.
local template = [[{"id":"%08x-%04x-7000-8000-%012x","target":{"kind":"message","platform":"telegram","chat":{"title":"Slot Gacor 88","id":-1001234567890,"username":"slotgacor88"},"message_id":%d,"link":"https://t.me/slotgacor88/%d"},"evidence":{"excerpt":"Info slot gacor malam ini, maxwin dijamin! Daftar di situs kami.","excerpt_sha256":"5db5f3a77c0d8a262bf19f1770d2a8961f730c896e7d833ae117c8bcd680b690","source":{"kind":"telegram_json"},"spans":[{"rule_id":"perjudian.slot-gacor","pack_id":"tapis-default","pack_version":"2026.11.1","start":5,"end":15},{"rule_id":"perjudian.maxwin","pack_id":"tapis-default","pack_version":"2026.11.1","start":27,"end":33}]},"classification":{"category":"perjudian","severity":"high","explanation":"Promosi situs judi online."},"requested_action":"remove","detection":{"matched_automatically":true,"confirmed_by_person":true,"confirmed_at":"2026-11-29T05:00:00Z"}}]]

local counter = 0
not_created = 0

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local body = string.format(template, run, tid, counter, counter, counter)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status ~= 201 then
      not_created = not_created + 1
   end
end

function done(summary, latency, requests)
   local refused = 0
   for _, thread in ipairs(threads) do
      refused = refused + thread:get("not_created")
   end
   local seconds = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout
   io.write(string.format(
      "RESULT requests=%d seconds=%.1f throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms not_201=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, refused, errors))
end
