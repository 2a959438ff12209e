{{/* The PromQL label matchers of this release's HTTP traffic in monitoring.http's metrics
(plan/metrics.py: Traefik for an Ingress, Envoy Gateway for HTTPRoutes), "" when there are none.
monitoring.http.selector holds {namespace} and {fullname}. */}}
{{- define "app.httpSelector" -}}
{{- $http := (.Values.monitoring | default dict).http | default dict -}}
{{- if and $http.requests $http.selector -}}
{{- $http.selector | replace "{namespace}" .Release.Namespace | replace "{fullname}" (include "app.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The pods of this release, for cAdvisor and kube-state-metrics series. */}}
{{- define "app.podSelector" -}}
{{- printf "namespace=\"%s\",pod=~\"%s-.*\"" .Release.Namespace (include "app.fullname" .) -}}
{{- end -}}

{{/* An alert's labels: its severity, and the app and namespace it is about (a ratio of sums
keeps no label of its own). Call with (dict "root" $ "severity" "warning"). */}}
{{- define "app.alertLabels" -}}
severity: {{ .severity }}
app: {{ include "app.fullname" .root }}
namespace: {{ .root.Release.Namespace }}
{{- end -}}
