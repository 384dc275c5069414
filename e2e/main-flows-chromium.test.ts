import { chromiumEngine } from './support/engine-chromium.js';
import { describeMainFlows } from './support/main-flows.js';

describeMainFlows(chromiumEngine);
