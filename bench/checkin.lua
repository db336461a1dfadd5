-- wrk script for the check-in benchmarks (bench/checkin-http.sh, bench/checkin-sigkill.sh).
-- Every request is one check-in of the signed-in demo citizen at the venue whose poster payload is in
-- $POSTER, with a unique idempotency key (run tag $RUN, thread, counter). The path is the first script
-- argument: /api/check-ins (durable) or /api/check-ins/echo (the in-memory ceiling: same parse and
-- validation, nothing stored). With $ACKS set, every 201's check-in id is appended to $ACKS.<thread>.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  path = args[1] or "/api/check-ins"
  poster = os.getenv("POSTER")
  run = os.getenv("RUN") or "0"
  counter = 0
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = os.getenv("COOKIE")
  local acks_file = os.getenv("ACKS")
  if acks_file then
    acks = io.open(acks_file .. "." .. tid, "a")
  end
end

function request()
  counter = counter + 1
  local body = '{"venueQr":"' .. poster .. '","idempotencyKey":"w' .. run .. '-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", path, nil, body)
end

if os.getenv("ACKS") then
  function response(status, headers, body)
    if status == 201 then
      local id = string.match(body, '"id":"([^"]+)"')
      if id then
        acks:write(id, "\n")
        acks:flush()
      end
    end
  end
end
