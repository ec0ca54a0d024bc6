import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('serves on the embedded store, prints where to look, and replays the three nights to their published outcomes', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--speed', '100', '--exit'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/ticker +http:\/\/localhost:\d+\/e\/demo-iran-2017/);
    expect(out).toMatch(/graphics +http:\/\/localhost:\d+\/graphics\/demo-iran-2024/);
    expect(out).toContain('TEST mode');
    expect(out).toMatch(/\[iran-2017\] v6 .*decided: Hassan Rouhani wins/);
    expect(out).toMatch(/\[iran-2017\] v7 .*final: Hassan Rouhani wins +FINAL/);
    expect(out).toMatch(/\[iran-2024\] v4 .*final: runoff Masoud Pezeshkian v Saeed Jalili/);
    expect(out).toMatch(/\[iran-2024\] v8 +round 2 .*final: Masoud Pezeshkian wins/);
    expect(out).toMatch(/\[knesset-2022\] v4 .*final: Likud 32, Yesh Atid 24, Religious Zionism 14, National Unity 12, Shas 11, United Torah Judaism 7, Yisrael Beiteinu 6, Ra'am 5, Hadash-Ta'al 5, Labor 4 seats/);
    // The Majlis-like night (illustrative): 36 constituencies interleaved, every one decided at the end.
    expect(out).toMatch(/night +http:\/\/localhost:\d+\/n\/demo-majlis/);
    expect(out).toMatch(/\[majlis\] Majlis-like night \(demo, illustrative figures\) v\d+: 36 decided, 0 counting, 0 not started; 36\/36 seats won/);
    expect(out).not.toContain('refused');
  });
});
