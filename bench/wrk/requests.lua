-- Replays a file of prepared requests and checks every response's status.
-- wrk -t<threads> -s bench/wrk/requests.lua <url> -- <requests file> <cycle|once> <threads>
--
-- The file has one request per line: METHOD \t PATH \t HEADERS \t BODY \t BODY_FILE, where
-- HEADERS is "Name: value" pairs joined by \31 (unit separator), BODY may be empty, and
-- BODY_FILE, when there is one, names a file whose bytes are the body (an upload's form,
-- binary, CRLFs and all: bench/multipart.ts). Such a request is put together as it is sent,
-- its head prepared once and the file read once, so that hundreds of upload requests cost
-- one copy of the file, not one each. Each wrk
-- thread takes every Nth line (its own slice): with "cycle" it loops over them; with
-- "once" (deletes) each line is sent at most once and running out counts as an error.
-- At the end one line "BENCH_RESULT {json}" carries the figures for bench/load.ts.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function split(text, sep)
  local parts, start = {}, 1
  while true do
    local i = string.find(text, sep, start, true)
    if not i then
      table.insert(parts, string.sub(text, start))
      return parts
    end
    table.insert(parts, string.sub(text, start, i - 1))
    start = i + 1
  end
end

local files = {}

local function read_file(name)
  if not files[name] then
    local f = assert(io.open(name, "rb"))
    files[name] = f:read("*a")
    f:close()
  end
  return files[name]
end

-- wrk.format sets Content-Length from the body only: the head is formatted without one
-- (it ends in a blank line) and gets it here.
local function with_body_file(method, path, headers, name)
  local body = read_file(name)
  local head = wrk.format(method, path, headers)
  return { head = string.sub(head, 1, -3) .. "Content-Length: " .. #body .. "\r\n\r\n", body = body }
end

function init(args)
  requests, index, mode = {}, 0, args[2] or "cycle"
  local total_threads = tonumber(args[3] or "1")
  non2xx, exhausted, statuses, first_error = 0, 0, {}, nil
  local line_no = 0
  for line in io.lines(args[1]) do
    if line_no % total_threads == id then
      local fields = split(line, "\t")
      local headers = {}
      if fields[3] and fields[3] ~= "" then
        for _, pair in ipairs(split(fields[3], "\31")) do
          local name, value = string.match(pair, "^([^:]+):%s*(.*)$")
          headers[name] = value
        end
      end
      local body = (fields[4] and fields[4] ~= "") and fields[4] or nil
      if fields[5] and fields[5] ~= "" then
        table.insert(requests, with_body_file(fields[1], fields[2], headers, fields[5]))
      else
        table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
      end
    end
    line_no = line_no + 1
  end
  if #requests == 0 then error("no requests for thread " .. id .. " in " .. args[1]) end
end

function request()
  index = index + 1
  if index > #requests then
    if mode == "once" then exhausted = exhausted + 1 end
    index = 1
  end
  local req = requests[index]
  if type(req) == "table" then return req.head .. req.body end
  return req
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_error == nil then first_error = status .. " " .. string.sub(body or "", 1, 300) end
  end
  statuses[status] = (statuses[status] or 0) + 1
end

local function json_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

function done(summary, latency, _)
  local bad, ran_out, codes, sample = 0, 0, {}, nil
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    ran_out = ran_out + thread:get("exhausted")
    sample = sample or thread:get("first_error")
    for code, n in pairs(thread:get("statuses")) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, string.format('"%d":%d', code, n)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f,' ..
    '"non2xx":%d,"exhausted":%d,"socket":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s},"firstError":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, bad, ran_out, e.connect, e.read, e.write, e.timeout, table.concat(parts, ","),
    sample and json_string(sample) or "null"))
end
