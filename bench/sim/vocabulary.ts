// Names the virtual cluster is built from. Invented, shaped like a typical Qlik Sense customer site.
// None of these may contain ';' (they end up inside ';'-separated log-event fields).

export const APP_NAMES: readonly string[] = [
  'Sales dashboard', 'Budget 2025', 'Operations monitor', 'Test failing reloads 2', 'HR headcount',
  'Finance P&L', 'Customer churn analysis', 'Inventory overview', 'Supply chain control tower',
  'Marketing campaign ROI', 'Procurement spend', 'Service desk KPIs', 'Sales pipeline', 'Warehouse throughput',
  'Qlik license monitor', 'Operations Monitor (Qlik)', 'Reloads monitor', 'Butler SOS metrics',
  'Fleet utilisation', 'Energy consumption', 'Quality deviations', 'Customer 360', 'Order backlog',
  'Accounts receivable ageing', 'Store performance', 'Product margin analysis', 'Forecast accuracy',
  'Field service planning', 'Clinical trial status', 'Web analytics', 'Call centre volumes',
  'Sustainability report', 'Executive scorecard', 'Price waterfall', 'Production yield',
];

export const APP_SUFFIXES: readonly string[] = [' (EMEA)', ' (Americas)', ' (APAC)', ' - dev', ' - test', ' v2'];

export const STREAM_NAMES: readonly string[] = [
  'Everyone', 'Sales', 'Finance', 'Operations', 'HR', 'Monitoring apps', 'Executive', 'Supply chain',
];

export const APP_DESCRIPTIONS: readonly string[] = [
  '', '', 'Daily refreshed from the data warehouse', 'Owned by the BI team', 'Reloaded every hour',
  'Monthly close figures', 'App used to test reload failure alerts', 'Certified app',
];

export const FIRST_NAMES: readonly string[] = [
  'goran', 'anna', 'joe', 'maria', 'kim', 'ahmed', 'sam', 'lena', 'olof', 'priya', 'juan', 'mei', 'tom', 'sara',
  'erik', 'fatima', 'lucas', 'nina', 'omar', 'eva', 'raj', 'ingrid', 'chen', 'paula', 'mikael', 'sofia', 'david',
  'aisha', 'henrik', 'lisa', 'peter', 'yuki', 'carlos', 'emma', 'oscar', 'hanna', 'ali', 'julia', 'marco', 'klara',
];

export const LAST_NAMES: readonly string[] = [
  'Sander', 'Svensson', 'Smith', 'Garcia', 'Lee', 'Khan', 'Berg', 'Nilsson', 'Patel', 'Lopez', 'Wang', 'Brown',
  'Larsson', 'Ali', 'Rossi', 'Muller', 'Johansson', 'Tanaka', 'Silva', 'Andersson',
];

export const USER_DIRECTORIES: readonly string[] = ['LAB', 'CORP'];

export const GROUPS: readonly string[] = ['Sales', 'Finance', 'Sense admins', 'HR', 'Operations', 'Analysts'];

export const DATA_CONNECTIONS: readonly string[] = [
  'SalesDB', 'DWH_PROD', 'SAP_BW', 'Snowflake_EDW', 'SharePoint_Finance', 'QVD_Store', 'REST_CRM', 'Oracle_ERP',
];
