{{/* The cutover switch (migration.cutover in environments/<env>/values.yaml). Until it is true the
environment runs web only, for smoke tests: every other process at 0 replicas without an HPA, every
CronJob suspended, so nothing runs twice while Heroku still runs its own. "true" or "". */}}
{{- define "app.cutover" -}}
{{- if (.Values.migration | default dict).cutover -}}true{{- end -}}
{{- end -}}

{{/* Whether one process runs: call with (dict "root" $ "process" $process). "true" or "". */}}
{{- define "app.processLive" -}}
{{- if or (eq .process.kind "web") (include "app.cutover" .root) -}}true{{- end -}}
{{- end -}}

{{/* The TLS secret (and cert-manager Certificate) of one host: (dict "root" $ "host" $host). */}}
{{- define "app.tlsSecretName" -}}
{{- printf "%s-tls-%s" (include "app.fullname" .root) (.host | replace "*" "wildcard" | replace "." "-") | trunc 253 | trimSuffix "-" -}}
{{- end -}}

{{/* The Service a route (Ingress or HTTPRoute) sends web process .name's traffic to: with
maintenance.enabled every host answers 503 from maintenance.yaml, whatever the route kind. */}}
{{- define "app.routeService" -}}
{{- $backend := ternary "maintenance" .name ((.root.Values.maintenance | default dict).enabled | default false) -}}
{{- include "app.componentName" (dict "root" .root "component" $backend) -}}
{{- end -}}
