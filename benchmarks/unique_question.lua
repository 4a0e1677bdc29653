-- Every request asks a question no one has asked before (a counter in the query string), so the
-- services directory cannot answer from its cache: the page's worst case.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?age=" .. (counter % 19) .. "&question=" .. counter)
end
