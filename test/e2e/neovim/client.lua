-- Neovim as an independent LSP client of `secure-ml server --stdio`: nothing here is VS Code.
-- Run by neovim.test.ts as
--   nvim --headless --clean -c 'luafile client.lua'
-- with SECURE_ML_CLI (dist/cli.js), E2E_FILE (a Python file in a scratch workspace),
-- E2E_FIX_RULE (rule whose quick fix is applied), E2E_IGNORE_RULE (rule silenced by the
-- "ignore" action) and E2E_RESULT (where the JSON record of what happened is written).
-- It records facts; the assertions live in neovim.test.ts.
local result = { steps = {}, errors = {} }
local env = vim.env
local file = env.E2E_FILE
local uri = vim.uri_from_fname(file)
local published = {} -- every publishDiagnostics for the file, in order

local function step(name)
  table.insert(result.steps, name)
end

local function finish()
  local out = io.open(env.E2E_RESULT, 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qa!')
end

local function rule_ids(diagnostics)
  local ids = {}
  for _, d in ipairs(diagnostics or {}) do
    table.insert(ids, d.code)
  end
  return ids
end

local function find(diagnostics, rule)
  for _, d in ipairs(diagnostics or {}) do
    if d.code == rule then
      return d
    end
  end
  return nil
end

local function latest()
  return published[#published]
end

-- waits until the latest published diagnostics satisfy `accept`; false on time-out
local function wait_published(what, accept)
  local ok = vim.wait(20000, function()
    local last = latest()
    return last ~= nil and accept(last.diagnostics)
  end, 50)
  if not ok then
    error('timed out after 20 s waiting for ' .. what .. '; last diagnostics: ' .. vim.inspect(rule_ids(latest() and latest().diagnostics)))
  end
  return latest().diagnostics
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function code_actions(client, bufnr, diagnostic)
  local response, err = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic } },
  }, 10000, bufnr)
  if not response then
    error('textDocument/codeAction failed: ' .. tostring(err))
  end
  if response.err then
    error('textDocument/codeAction answered an error: ' .. vim.inspect(response.err))
  end
  return response.result or {}
end

-- applies a code action as a client does: resolve if needed, apply its edit, run its command
local function apply(client, bufnr, action)
  if not action.edit and not action.command and client.server_capabilities.codeActionProvider
    and type(client.server_capabilities.codeActionProvider) == 'table'
    and client.server_capabilities.codeActionProvider.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', action, 10000, bufnr)
    if resolved and resolved.result then
      action = resolved.result
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  end
  local command = action.command
  if type(command) == 'table' then
    client.request_sync('workspace/executeCommand', { command = command.command, arguments = command.arguments }, 10000, bufnr)
  end
  return action
end

local function pick(actions, wanted)
  for _, action in ipairs(actions) do
    if wanted(action) then
      return action
    end
  end
  return nil
end

local function summarize(actions)
  local list = {}
  for _, a in ipairs(actions) do
    table.insert(list, { title = a.title, kind = a.kind, isPreferred = a.isPreferred or false, hasEdit = a.edit ~= nil, hasCommand = a.command ~= nil })
  end
  return list
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'secure-ml',
    cmd = { 'node', env.SECURE_ML_CLI, 'server', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        if params.uri == uri then
          table.insert(published, { version = params.version, diagnostics = params.diagnostics })
        end
      end,
    },
    on_exit = function(code, signal)
      result.server_exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    error('vim.lsp.start_client returned nil')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local initialized = vim.wait(20000, function()
    return result.server_exit ~= nil or client.initialized == true or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil)
  end, 50)
  if result.server_exit ~= nil then
    error('the server exited before answering initialize: ' .. vim.inspect(result.server_exit))
  end
  if not initialized then
    error('the server did not answer initialize within 20 s')
  end
  step('initialized')
  result.capabilities = {
    codeActionProvider = client.server_capabilities.codeActionProvider ~= nil and client.server_capabilities.codeActionProvider ~= false,
    textDocumentSync = client.server_capabilities.textDocumentSync,
  }
  result.server_name = client.server_info and client.server_info.name or vim.NIL

  -- 1. diagnostics for the file as opened
  local first = wait_published('diagnostics for ' .. env.E2E_FIX_RULE .. ' and ' .. env.E2E_IGNORE_RULE, function(ds)
    return find(ds, env.E2E_FIX_RULE) ~= nil and find(ds, env.E2E_IGNORE_RULE) ~= nil
  end)
  result.initial = first
  step('diagnostics')

  -- 2. the quick fix
  local target = find(first, env.E2E_FIX_RULE)
  local actions = code_actions(client, bufnr, target)
  result.fix_actions = summarize(actions)
  local fix = pick(actions, function(a)
    return (a.kind == nil or a.kind:find('^quickfix') ~= nil) and a.isPreferred == true
  end)
  if not fix then
    error('no preferred quick fix among ' .. vim.inspect(result.fix_actions))
  end
  result.applied_fix = apply(client, bufnr, fix).title
  local after_fix = wait_published('the ' .. env.E2E_FIX_RULE .. ' diagnostic to go', function(ds)
    return find(ds, env.E2E_FIX_RULE) == nil
  end)
  result.after_fix = after_fix
  result.text_after_fix = buffer_text(bufnr)
  step('fixed')

  -- 3. the "ignore this rule on this line" action
  local other = find(after_fix, env.E2E_IGNORE_RULE)
  if not other then
    error(env.E2E_IGNORE_RULE .. ' is gone after fixing ' .. env.E2E_FIX_RULE)
  end
  local ignore_actions = code_actions(client, bufnr, other)
  result.ignore_actions = summarize(ignore_actions)
  local ignore = pick(ignore_actions, function(a)
    return a.title:lower():find('ignore') ~= nil or a.title:lower():find('suppress') ~= nil
  end)
  if not ignore then
    error('no ignore action among ' .. vim.inspect(result.ignore_actions))
  end
  result.applied_ignore = apply(client, bufnr, ignore).title
  result.after_ignore = wait_published('the ' .. env.E2E_IGNORE_RULE .. ' diagnostic to go', function(ds)
    return find(ds, env.E2E_IGNORE_RULE) == nil
  end)
  result.text_after_ignore = buffer_text(bufnr)
  step('ignored')

  vim.cmd('write')
  step('saved')

  -- 4. typing: Neovim sends the change (incrementally) and the server reports the new line
  local count = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, count, count, false, { 'backup = torch.load("checkpoints/backup.pt")' })
  local typed = wait_published('a ' .. env.E2E_FIX_RULE .. ' diagnostic on the typed line', function(ds)
    local d = find(ds, env.E2E_FIX_RULE)
    return d ~= nil and d.range.start.line == count
  end)
  result.after_typing = typed
  step('typed')
  client.stop()
  vim.wait(5000, function()
    return result.server_exit ~= nil
  end, 50)
end

local function main()
  local ok, err = pcall(run)
  if not ok then
    table.insert(result.errors, tostring(err))
  end
  finish()
end

vim.schedule(main)
