import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithTools } from './helpers/tools';

const REPO = join(__dirname, '..');
// Every shell file of the repository: the node-side scripts and the test stand-ins. `.ci/run` is bash, checked apart.
const SHELL_FILES = [
  'constructs/node-bootstrap/scripts/install-containerd-custom.sh',
  'constructs/metallb/scripts/preflight-ports.sh',
  ...readdirSync(join(REPO, 'test/fixtures')).map((name) => `test/fixtures/${name}`),
];

describeWithTools('shellcheck', ['shellcheck'], () => {
  test.each(SHELL_FILES)('%s is clean', (file) => {
    const result = spawnSync('shellcheck', ['--shell=sh', '--severity=style', join(REPO, file)], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('.ci/run is clean', () => {
    const result = spawnSync('shellcheck', ['--severity=style', join(REPO, '.ci/run')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
