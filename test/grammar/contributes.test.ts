// The manifest's language contributions and language-configuration.json, read as VS Code reads
// them: every path exists, every command shown is contributed, every regex compiles and does
// what the editor relies on it for.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));

describe('package.json contributions', () => {
  // A results panel left open restores itself after a reload (WebviewPanelSerializer), which needs
  // its own activation event; nothing else may wake the extension.
  it('targets a VS Code no newer than 1.139 and activates only on scenarios, commands and its own panel', () => {
    const [major, minor] = /\^?(\d+)\.(\d+)/.exec(pkg.engines.vscode)!.slice(1).map(Number);
    expect(major).toBe(1);
    expect(minor).toBeLessThanOrEqual(139);
    for (const e of pkg.activationEvents) expect(e).toMatch(/^(onLanguage:netscenario|onCommand:netscenario\.|onWebviewPanel:netscenario\.results$)/);
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
    for (const c of commands) expect(pkg.activationEvents).toContain(`onCommand:${c}`);
  });

  it('language, grammar and configuration files exist', () => {
    const [lang] = pkg.contributes.languages;
    expect(lang).toMatchObject({ id: 'netscenario', extensions: ['.netscenario'] });
    expect(existsSync(join(root, lang.configuration))).toBe(true);
    const [grammar] = pkg.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'netscenario', scopeName: 'source.netscenario' });
    expect(JSON.parse(readFileSync(join(root, grammar.path), 'utf8')).scopeName).toBe('source.netscenario');
    expect(pkg.main).toBe('./dist/extension.js');
  });

  it('every command has the NetScenario category and an icon; menus show only contributed commands, where they apply', () => {
    const commands = new Set<string>();
    for (const c of pkg.contributes.commands) {
      expect(c.category).toBe('NetScenario');
      expect(c.icon).toMatch(/^\$\([a-z-]+\)$/);
      commands.add(c.command);
    }
    for (const [menu, entries] of Object.entries<{ command: string; when?: string }[]>(pkg.contributes.menus)) {
      for (const e of entries) {
        expect(commands.has(e.command), `${menu}: ${e.command}`).toBe(true);
        expect(e.when, `${menu}: ${e.command}`).toMatch(/netscenario/);
      }
    }
    const palette = pkg.contributes.menus.commandPalette.map((e: { command: string }) => e.command);
    expect(new Set(palette)).toEqual(commands);
  });

  it('settings exist with their defaults', () => {
    const props = pkg.contributes.configuration.properties;
    expect(props['netscenario.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
    expect(props['netscenario.diagnostics.debounceMs'].default).toBeGreaterThanOrEqual(0);
    expect(props['netscenario.run.onSave'].default).toBe(false);
    expect(props['netscenario.run.maxPacketEvents'].default).toBeGreaterThan(0);
  });
});

describe('language-configuration.json', () => {
  it('comments, brackets and auto-closing quotes', () => {
    expect(config.comments.lineComment).toBe('#');
    expect(config.brackets).toContainEqual(['{', '}']);
    expect(config.autoClosingPairs).toContainEqual({ open: '"', close: '"', notIn: ['string', 'comment'] });
  });

  it('indents after an opening brace and outdents a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('host server {')).toBe(true);
    expect(increase.test('  app nc {  # the listener')).toBe(true);
    expect(increase.test('# a comment with {')).toBe(false);
    expect(increase.test('scenario "a { b"')).toBe(false);
    expect(decrease.test('  }')).toBe(true);
    const [between, after, comment] = config.onEnterRules;
    expect(new RegExp(between.beforeText).test('host a {') && new RegExp(between.afterText).test('}')).toBe(true);
    expect(new RegExp(after.beforeText).test('  app x {')).toBe(true);
    expect(comment.action.appendText).toBe('# ');
  });

  it('a word is a whole dotted sysctl, kernel profile, or number with its unit', () => {
    const word = new RegExp(config.wordPattern, 'g');
    const words = (s: string) => s.match(word);
    expect(words('sysctl net.core.somaxconn = 128')).toEqual(['sysctl', 'net.core.somaxconn', '128']);
    expect(words('kernel linux-3.10')).toEqual(['kernel', 'linux-3.10']);
    expect(words('latency 1.5ms rate 10MiB/s loss 0.1%')).toEqual(['latency', '1.5ms', 'rate', '10MiB/s', 'loss', '0.1%']);
    expect(words('nic eth0 rx-ring 256')).toEqual(['nic', 'eth0', 'rx-ring', '256']);
  });

  it('folding markers', () => {
    expect(new RegExp(config.folding.markers.start).test('# region clients')).toBe(true);
    expect(new RegExp(config.folding.markers.end).test('  # endregion')).toBe(true);
  });
});
