/** Runs in every test file: a test configuration and a fixed secret. */
import { parseConfig, setConfig } from '../../src/lib/server/core/config';
import { setSecret } from '../../src/lib/server/platform/secrets';

setConfig(
	parseConfig({
		NODE_ENV: 'test',
		ORIGIN: 'http://localhost:5999',
		LOG_LEVEL: 'silent'
	})
);
setSecret('test-secret-test-secret-test-secret-0123456789');
