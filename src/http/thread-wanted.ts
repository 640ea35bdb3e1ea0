// Whether the supervisor starts the http thread at all.

export interface HttpEndpointsConfig {
  prometheus: { enable: boolean; host: string; port: number; nodeMetricsHost: string; nodeMetricsPort: number };
  dockerHealthCheck: { enable: boolean; port: number };
  configVisualisation?: { enable: boolean };
  auditEvents?: { enable: boolean };
}

/** True when the configuration asks for the Prometheus endpoint, the Docker health check, the web console or the audit API. */
export function httpThreadWanted(config: HttpEndpointsConfig): boolean {
  return config.prometheus.enable === true || config.dockerHealthCheck.enable === true || config.configVisualisation?.enable === true || config.auditEvents?.enable === true;
}
