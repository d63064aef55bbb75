// Starts the bundled language server (dist/server.js) over Node IPC. Debug sessions of the
// extension start it with an inspector on 6009 so "Attach to Server" can step through it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../shared/serverProcess';

export const SERVER_DEBUG_PORT = 6009;

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'netscenario' },
      { scheme: 'untitled', language: 'netscenario' },
    ],
    outputChannel: output,
  };
  // The id makes the client honour the `netscenario.trace.server` setting.
  return new LanguageClient('netscenario', 'NetScenario Language Server', serverOptions, clientOptions);
}
