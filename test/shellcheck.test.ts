import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeWithTools } from './helpers/tools';

const REPO = join(__dirname, '..');
const SHELL_FILES = [
  'constructs/node-bootstrap/scripts/install-containerd-custom.sh',
  'constructs/metallb/scripts/preflight-ports.sh',
  'test/fixtures/systemctl',
  'test/fixtures/mv-interrupted',
];

describeWithTools('shellcheck', ['shellcheck'], () => {
  test.each(SHELL_FILES)('%s is clean', (file) => {
    const result = spawnSync('shellcheck', ['--shell=sh', '--severity=style', join(REPO, file)], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
