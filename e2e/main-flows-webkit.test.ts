import { webkitEngine } from './support/engine-webkit.js';
import { describeMainFlows } from './support/main-flows.js';

describeMainFlows(webkitEngine);
