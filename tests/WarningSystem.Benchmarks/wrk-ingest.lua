-- wrk script for the independent check of T2 (WrkCheck.cs): POST /events with an integration key, every
-- eventId unique (run, wrk thread, per-thread counter), the same kinds of event as the benchmark's own load.
-- usage: wrk ... -s wrk-ingest.lua <base-url> -- <clinic> <key> <run>
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  path = "/api/clinics/" .. args[1] .. "/events"
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  run = args[3]
  counter = 0
  course_start = os.time() - 1000 * 86400
end

local patients = 10000
function request()
  counter = counter + 1
  local patient = counter % patients
  local k = math.floor(counter / patients)
  local session = string.format("s-w%d-%d-%d", tid, patient, math.floor(k / 3))
  local kind, data = "CravingReported", '{"intensity":2,"duringSession":true}'
  if k % 3 == 0 then
    kind, data = "SessionAttended", '{"sessionId":"' .. session .. '","scheduled":true}'
  elseif k % 3 == 1 then
    kind, data = "DoseGiven", '{"sessionId":"' .. session .. '","drug":"ketamine","route":"IV","doseMg":35,"weightKg":70}'
  end
  local body = string.format(
    '{"eventId":"ehr-%s-%d-%d","patientId":"w%s-%d-%05d","type":"%s","occurredAt":"%s","recordedBy":"ehr-bench","data":%s}',
    run, tid, counter, run, tid, patient, kind, os.date("!%Y-%m-%dT%H:%M:%SZ", course_start + k * 3 * 86400 + patient % 600 * 60), data)
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-result %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), math.floor(latency:percentile(99.9))))
end
