// electron-builder.yml and its afterPack hook that flips Electron's fuses. No
// Electron binary here: the hook is run on a stand-in file holding a fuse wire.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { removeTempDirs, tempDir } from '../helpers';

const requireCjs = createRequire(import.meta.url);
const root = path.resolve(__dirname, '..', '..');
const hookPath = path.join(root, 'scripts', 'electron-fuses.cjs');

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
interface FuseHook {
  afterPack(context: PackContext): Promise<void>;
  fuseSettings: Record<string, boolean>;
  fuseConfig(platformName: string): Record<string, unknown>;
  electronExecutable(context: PackContext): string;
}
const hook = requireCjs(hookPath) as FuseHook;
const fuses = requireCjs('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
  getCurrentFuseWire(file: string): Promise<Record<string, unknown>>;
};

const builderConfig = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

afterEach(removeTempDirs);

describe('electron-builder.yml', () => {
  it('packs the app into app.asar, which the asar-only and integrity fuses need', () => {
    expect(builderConfig.asar).toBe(true);
    for (const platform of ['mac', 'win', 'linux']) {
      expect((builderConfig[platform] as Record<string, unknown> | undefined)?.asar, platform).toBeUndefined();
    }
  });

  it('runs the fuse hook after packing', () => {
    expect(builderConfig.afterPack).toBe('./scripts/electron-fuses.cjs');
    expect(path.resolve(root, builderConfig.afterPack as string)).toBe(hookPath);
    expect(builderConfig.electronFuses).toBeUndefined(); // electron-builder 25 has no such option
  });

  it('keeps the hook and @electron/fuses out of the packed app', () => {
    expect(builderConfig.files).not.toContain('scripts/**/*');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.devDependencies['@electron/fuses']).toBeDefined();
    expect(pkg.dependencies['@electron/fuses']).toBeUndefined();
  });
});

describe('the electron-fuses afterPack hook', () => {
  it('exports the function electron-builder calls', () => {
    expect(typeof hook.afterPack).toBe('function');
  });

  it('declares exactly the reviewed fuse settings', () => {
    expect(hook.fuseSettings).toEqual({
      RunAsNode: false,
      EnableNodeCliInspectArguments: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
    expect(Object.isFrozen(hook.fuseSettings)).toBe(true);
  });

  it('names only fuses that @electron/fuses knows, and resets the ad-hoc signature on macOS only', () => {
    const { FuseV1Options } = fuses;
    expect(hook.fuseConfig('linux')).toEqual({
      version: '1',
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
    expect(hook.fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfig('mas').resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfig('win32').resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the packed executable on each platform', () => {
    const packager = { appInfo: { productFilename: 'Runlens' }, executableName: 'runlens' };
    const at = (electronPlatformName: string): string => hook.electronExecutable({ appOutDir: '/out', electronPlatformName, packager });
    expect(at('linux')).toBe(path.join('/out', 'runlens'));
    expect(at('darwin')).toBe(path.join('/out', 'Runlens.app'));
    expect(at('mas')).toBe(path.join('/out', 'Runlens.app'));
    expect(at('win32')).toBe(path.join('/out', 'Runlens.exe'));
    expect(() => at('freebsd')).toThrow(/unsupported platform/);
  });

  it('flips the fuses in a packed Linux app', async () => {
    // A stand-in binary: Electron's fuse sentinel, wire version 1, then a wire of
    // 9 fuses (Electron 40 has more than @electron/fuses 1.8 names), all enabled.
    const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
    const enabled = 0x31;
    const wire = Buffer.from([1, 9, ...Array<number>(9).fill(enabled)]);
    const appOutDir = tempDir('runlens-fuses-');
    const executable = path.join(appOutDir, 'runlens');
    fs.writeFileSync(executable, Buffer.concat([Buffer.from('ELF...'), sentinel, wire, Buffer.from('...rest')]));

    await hook.afterPack({ appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Runlens' }, executableName: 'runlens' } });

    const current = await fuses.getCurrentFuseWire(executable);
    const { FuseV1Options } = fuses;
    const disabled = 0x30;
    expect(current[FuseV1Options.RunAsNode as number]).toBe(disabled);
    expect(current[FuseV1Options.EnableNodeOptionsEnvironmentVariable as number]).toBe(disabled);
    expect(current[FuseV1Options.EnableNodeCliInspectArguments as number]).toBe(disabled);
    expect(current[FuseV1Options.EnableCookieEncryption as number]).toBe(enabled);
    expect(current[FuseV1Options.EnableEmbeddedAsarIntegrityValidation as number]).toBe(enabled);
    expect(current[FuseV1Options.OnlyLoadAppFromAsar as number]).toBe(enabled);
    // Fuses not in the settings keep what the binary had.
    expect(current[6]).toBe(enabled);
    expect(current[8]).toBe(enabled);
    expect(fs.statSync(executable).size).toBe(6 + sentinel.length + wire.length + 7);
  });

  it('fails the packaging when the executable is not where it looks', async () => {
    const appOutDir = tempDir('runlens-fuses-');
    await expect(
      hook.afterPack({ appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Runlens' }, executableName: 'runlens' } }),
    ).rejects.toThrow();
  });
});
