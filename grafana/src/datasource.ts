/** The Prometheus datasource every panel queries; its uid is fixed in provisioning/datasources. */
export const prometheusDatasource = { type: "prometheus", uid: "trainwatch-prometheus" } as const;
