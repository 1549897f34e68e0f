import type { AppMode, ArgsOf, Channel, ResultOf } from '../contract.js';
import type { Workbench } from '../../workspace/workbench.js';

/** What the hosting shell (Electron or the browser-mode server) provides to handlers. */
export interface HostServices {
  mode: AppMode;
  modeReason: string | null;
  /** Native folder picker; absent in browser mode. */
  pickFolder?: () => Promise<string | null>;
  /** Native file picker, offering files with these extensions first; absent in browser mode. */
  pickFile?: (opts: { title?: string; extensions?: string[] }) => Promise<string | null>;
}

/** Everything a handler may use. */
export interface HandlerContext {
  workbench: Workbench;
  host: HostServices;
}

/** One handler per channel; `satisfies Partial<Handlers>` in each area file keeps types exact. */
export type Handlers = {
  [C in Channel]: (args: ArgsOf<C>, ctx: HandlerContext) => Promise<ResultOf<C>> | ResultOf<C>;
};
