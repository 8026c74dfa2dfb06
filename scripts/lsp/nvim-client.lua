-- Drives `claimcheck lsp` from Neovim's built-in LSP client (headless), as an
-- editor would: opens a fixture, waits for its diagnostics, checks their lines
-- and byte columns, inserts a line above and checks that every diagnostic moved
-- down one, asks for a hover and a code action, then stops the server and
-- checks it exited 0.
--
-- Environment: CLAIMCHECK (the binary), FIXTURE (a Markdown file), ENCODING
-- ("utf-16": the client's defaults; "utf-8": the client offers UTF-8 and uses it),
-- EXPECTED (lines "line col end_line end_col code", 0-based, columns in bytes, as
-- Neovim stores them whatever the encoding on the wire).
local function fail(message)
  io.stdout:write('FAIL: ' .. tostring(message) .. '\n')
  io.stdout:flush()
  os.exit(1)
end

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then fail('set ' .. name) end
  return value
end

local claimcheck, fixture, encoding = env('CLAIMCHECK'), env('FIXTURE'), env('ENCODING')
local expected = {}
for line in env('EXPECTED'):gmatch('[^\n]+') do
  local l, c, el, ec, code = line:match('^(%d+) (%d+) (%d+) (%d+) (%S+)$')
  table.insert(expected, { tonumber(l), tonumber(c), tonumber(el), tonumber(ec), code })
end

local capabilities = vim.lsp.protocol.make_client_capabilities()
local config = {
  name = 'claimcheck',
  cmd = { claimcheck, 'lsp' },
  root_dir = vim.fn.fnamemodify(fixture, ':h'),
  capabilities = capabilities,
  flags = { debounce_text_changes = 20 },
}
if encoding == 'utf-8' then
  capabilities.general = { positionEncodings = { 'utf-8' } }
  config.offset_encoding = 'utf-8'
end
local exit_code
config.on_exit = function(code, _) exit_code = code end
local negotiated
config.on_init = function(client, result)
  negotiated = result.capabilities.positionEncoding
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local buffer = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client(config)
  if not client_id then fail('the client did not start') end
  vim.lsp.buf_attach_client(buffer, client_id)

  local function sorted_diagnostics()
    local items = vim.diagnostic.get(buffer)
    table.sort(items, function(a, b)
      if a.lnum ~= b.lnum then return a.lnum < b.lnum end
      return a.col < b.col
    end)
    return items
  end

  local function check(shift, label)
    local items = sorted_diagnostics()
    if #items ~= #expected then
      fail(label .. ': ' .. #items .. ' diagnostics, expected ' .. #expected)
    end
    for index, want in ipairs(expected) do
      local got = items[index]
      local code = got.code or (got.user_data and got.user_data.lsp and got.user_data.lsp.code)
      local have = { got.lnum, got.col, got.end_lnum, got.end_col, code }
      local need = { want[1] + shift, want[2], want[3] + shift, want[4], want[5] }
      if not vim.deep_equal(have, need) then
        fail(label .. ': diagnostic ' .. index .. ' is ' .. vim.inspect(have) .. ', expected ' .. vim.inspect(need))
      end
      if got.source ~= 'claimcheck' then fail(label .. ': source ' .. tostring(got.source)) end
    end
    io.stdout:write(string.format('ok %s: %d diagnostics at the expected lines and byte columns (%s)\n', label, #items, encoding))
  end

  if not vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 10) then
    fail('no diagnostics within 20 s')
  end
  if negotiated ~= encoding then fail('the server chose ' .. tostring(negotiated) .. ', expected ' .. encoding) end
  check(0, 'open')

  -- Insert a line above everything; the client sends it as an incremental change.
  local started = vim.loop.hrtime()
  vim.api.nvim_buf_set_lines(buffer, 0, 0, false, { 'A first line, added by the test.' })
  local moved = vim.wait(20000, function()
    local items = sorted_diagnostics()
    return #items > 0 and items[1].lnum == expected[1][1] + 1
  end, 5)
  if not moved then fail('the diagnostics did not move down after the edit') end
  io.stdout:write(string.format('edit to diagnostics: %.1f ms (client debounce 20 ms included)\n', (vim.loop.hrtime() - started) / 1e6))
  check(1, 'after inserting a line above')

  local client = vim.lsp.get_client_by_id(client_id)
  local first = sorted_diagnostics()[1]
  local lsp_diagnostic = vim.lsp.diagnostic.get_line_diagnostics(buffer, first.lnum, {}, client_id)[1]
  if not lsp_diagnostic or not lsp_diagnostic.range then fail("the client kept no protocol diagnostic: " .. vim.inspect(first)) end
  local position = lsp_diagnostic.range.start
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = position,
  }, 10000, buffer)
  if not hover or hover.err or not hover.result then fail('no hover: ' .. vim.inspect(hover)) end
  local value = hover.result.contents.value
  if not value:find('**Reasons**', 1, true) or not value:find(lsp_diagnostic.code, 1, true) then
    fail('hover lacks the reasons or the rule: ' .. value)
  end
  io.stdout:write('ok hover: ' .. value:match('^[^\n]*') .. '\n')

  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buffer) },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, 10000, buffer)
  if not actions or actions.err or not actions.result or #actions.result ~= 1 then fail('no code action: ' .. vim.inspect(actions)) end
  local edit = actions.result[1].edit.changes[vim.uri_from_bufnr(buffer)][1]
  vim.lsp.util.apply_text_edits({ edit }, buffer, client.offset_encoding)
  local comment = vim.api.nvim_buf_get_lines(buffer, first.lnum, first.lnum + 1, false)[1]
  if not comment:find('<!-- claimcheck-disable-next-line ' .. lsp_diagnostic.code .. ' -- reason:', 1, true) then
    fail('the code action inserted ' .. comment)
  end
  io.stdout:write('ok code action: ' .. comment .. '\n')

  vim.lsp.stop_client(client_id)
  if not vim.wait(10000, function() return exit_code ~= nil end, 10) then fail('the server did not exit') end
  if exit_code ~= 0 then fail('the server exited ' .. exit_code) end
  io.stdout:write('ok shutdown: the server exited 0\n')
end

local ok, problem = pcall(main)
if not ok then fail(problem) end
io.stdout:flush()
vim.cmd('qall!')
