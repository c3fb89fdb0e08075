/** Every module's job definitions. Add a module's jobs.ts here. */
import './mail/jobs';
import './accounts/jobs';
import './protection/jobs';
