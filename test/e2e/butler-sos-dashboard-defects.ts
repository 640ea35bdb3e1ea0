// Queries of Butler SOS 15's dashboard (test/fixtures/grafana/senseops_15-0_dashboard_influxql.json) that
// cannot return rows from Butler SOS data, by `<panel id>/<refId>`, with the reason. docs/dashboards.md
// lists the same queries. Every other query of that dashboard must run and return rows.
const LAB = "dashboard defect: filters on qs_env = 'lab' while every other panel uses 'dev'";
const BUTLER = (m: string) => `measurement "${m}" of the sibling tool Butler, not written by Butler SOS`;

export const BUTLER_SOS_DASHBOARD_NOT_COUNTED: Record<string, string> = {
  '343/A': LAB, // Work time by app
  '344/A': LAB, // Work time by object type
  '314/A': BUTLER('qlik_sense_license'), // Professional
  '315/A': BUTLER('qlik_sense_license'), // Analyzer
  '316/A': BUTLER('qlik_sense_license'), // Used licenses
  '320/Licensed minutes': BUTLER('qlik_sense_license'), // Capacity licensed
  '321/Used minutes': BUTLER('qlik_sense_license'), // Capacity used
  '322/Licensed minutes': BUTLER('qlik_sense_license'), // Analyzer capacity
  '322/Used': BUTLER('qlik_sense_license'), // Analyzer capacity
  '317/A': BUTLER('qlik_sense_license_release'), // Released licenses (table)
  '318/A': BUTLER('qlik_sense_license_release'), // Released licenses (over time)
  '323/A': BUTLER('qlik_sense_version'), // Qlik Sense version
  '325/A': BUTLER('qlik_sense_server_license'), // Qlik Sense server license expiration
  '301/A': BUTLER('reload_task_failed'), // failed reloads' script logs (untitled panel)
  '302/A': BUTLER('reload_task_success'), // Per server
  '303/A': BUTLER('reload_task_success'), // Successful reloads
  '305/A': BUTLER('reload_task_success'), // Successful reloads time distribution
  '310/A': BUTLER('reload_task_success'), // Reloads per app
  '307/A': BUTLER('butler_memory_usage'), // Deployed Butler instances
  '293/heap_total': BUTLER('butler_memory_usage'), // Butler memory use (LAB)
  '293/heap_used': BUTLER('butler_memory_usage'),
  '293/process_memory': BUTLER('butler_memory_usage'),
  '293/A': BUTLER('butler_memory_usage'),
};
