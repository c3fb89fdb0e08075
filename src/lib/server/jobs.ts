/** Every module's job definitions. Add a module's jobs.ts here. */
import './mail/jobs';
import './accounts/jobs';
import './protection/jobs';
import './atlas/freshness/jobs';
import './atlas/write/jobs';
import './atlas/translate/jobs';
import './atlas/reuse/jobs';
import './events/jobs';
import './events/community-jobs';
import './consent/jobs';
import './newsletter/jobs';
import './newsletter/send/jobs';
import './supporters/jobs';
