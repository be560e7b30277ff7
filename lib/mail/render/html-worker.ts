// Entry of an HTML-pool worker thread (see html-pool.ts): the one place the sanitizers' jsdom window lives.
import { serveJobs } from '../../workers/serve-jobs';
import { runHtmlJob } from './run-html-job';

// The window and both sanitizers are made before the worker reports ready, so that the first job, timed from
// when it is handed over, is not charged with them (a hundred milliseconds and more).
const html = '<style>p { color: red }</style><p style="margin: 0">ready</p>';
runHtmlJob({ kind: 'message', html, textBody: null, allowRemoteImages: false, inlineImages: [], placeholderToken: '' });
runHtmlJob({ kind: 'outgoing', html: '<p>ready</p>' });
serveJobs(runHtmlJob);
