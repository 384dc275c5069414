import { firefoxEngine } from './support/engine-firefox.js';
import { describeMainFlows } from './support/main-flows.js';

describeMainFlows(firefoxEngine);
