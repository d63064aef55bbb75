/// <reference types="mocha" />
// Every command the manifest contributes is registered and runs, read from package.json so
// that new commands are covered without editing this file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, extension, manifest, openScenario } from './helpers';

/** A command still pending after this long is waiting for input: dismiss the prompt. */
const PROMPT_AFTER_MS = 3_000;
const COMMAND_TIMEOUT_MS = 30_000;

suite('contributed commands', () => {
  const commands = manifest.contributes?.commands ?? [];

  suiteSetup(async () => {
    await extension().activate();
  });
  teardown(closeAllEditors);

  test('the manifest contributes commands and all of them are registered', async () => {
    assert.ok(commands.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(commands.map((c) => c.command).filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  for (const { command, title, category } of commands) {
    test(`"${category ? `${category}: ` : ''}${title}" (${command}) runs with a scenario open`, async () => {
      await openScenario('ok.netscenario');
      await runDismissingPrompts(command);
    });
  }
});

async function runDismissingPrompts(command: string): Promise<void> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand(command)).finally(() => (settled = true));
  const prompt = setTimeout(() => {
    if (!settled) void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }, PROMPT_AFTER_MS);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${command} did not finish within ${COMMAND_TIMEOUT_MS} ms (a modal dialog?)`)),
      COMMAND_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([run, timeout]);
  } finally {
    clearTimeout(prompt);
    clearTimeout(timer);
  }
}
