// Engine API methods seen in QIX performance logs, with rough cost profiles (the method and object-type
// examples of test/fixtures/spec/udp-samples.txt). `weight` sets how often each appears; interactive calls dominate.

export interface QixMethod {
  name: string;
  weight: number;
  /** True when a browser user triggers it (ProxySessionId set); false for reloads and saves. */
  user: boolean;
  /** `%property{Handle}`: -1 for global calls, 1 for the document, 'object' for generic-object handles. */
  handle: number | 'object';
  medianMs: number;
  medianRam: number;
  /** Object types for calls on a generic object; absent means ObjectId and ObjectType are `<Unknown>`. */
  objectTypes?: readonly string[];
}

const CHARTS = ['barchart', 'linechart', 'table', 'pivot-table', 'kpi', 'map', 'combochart', 'piechart', 'scatterplot', 'listbox', 'filterpane', 'text-image', 'sheet'];
const SESSION_OBJECTS = ['CurrentSelection', 'AppPropsList', 'SheetList', 'MasterObject', 'BookmarkList', 'FieldList'];

export const QIX_METHODS: readonly QixMethod[] = [
  { name: 'Global::OpenApp', weight: 4, user: true, handle: -1, medianMs: 900, medianRam: 40_000_000 },
  { name: 'Doc::GetAppLayout', weight: 4, user: true, handle: 1, medianMs: 3, medianRam: 20_000 },
  { name: 'Doc::GetObject', weight: 10, user: true, handle: 1, medianMs: 2, medianRam: 8_000, objectTypes: CHARTS },
  { name: 'Doc::CreateSessionObject', weight: 8, user: true, handle: 1, medianMs: 4, medianRam: 30_000, objectTypes: SESSION_OBJECTS },
  { name: 'GenericObject::GetLayout', weight: 40, user: true, handle: 'object', medianMs: 45, medianRam: 1_000_000, objectTypes: CHARTS },
  { name: 'GenericObject::GetHyperCubeData', weight: 12, user: true, handle: 'object', medianMs: 70, medianRam: 2_000_000, objectTypes: CHARTS },
  { name: 'GenericObject::SelectHyperCubeValues', weight: 6, user: true, handle: 'object', medianMs: 25, medianRam: 500_000, objectTypes: CHARTS },
  { name: 'GenericObject::GetListObjectData', weight: 6, user: true, handle: 'object', medianMs: 15, medianRam: 300_000, objectTypes: ['listbox', 'filterpane'] },
  { name: 'Field::SelectValues', weight: 4, user: true, handle: 'object', medianMs: 20, medianRam: 400_000 },
  { name: 'Doc::DoReloadEx', weight: 2, user: false, handle: 1, medianMs: 30_000, medianRam: 60_000_000 },
  { name: 'Doc::DoSave', weight: 2, user: false, handle: 1, medianMs: 1_500, medianRam: 5_000_000 },
];
