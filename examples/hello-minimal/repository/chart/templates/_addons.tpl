{{/* herokube's optional in-cluster targets (postgres-cluster.yaml, redis.yaml): their names, and
the variables the app's containers read from them instead of from the secret store. */}}
{{- define "app.postgresClusterName" -}}
{{- printf "%s-db" (include "app.fullname" .) -}}
{{- end -}}

{{- define "app.redisName" -}}
{{- printf "%s-redis" (include "app.fullname" .) -}}
{{- end -}}

{{/* `env` entries for every container of the app: DATABASE_URL (and JDBC_*) from the CloudNativePG
app secret, REDIS_URL (or the add-on's own name) pointing at the in-cluster Redis Service. */}}
{{- define "app.addonEnv" -}}
{{- $postgres := .Values.postgresCluster | default dict -}}
{{- if $postgres.enabled }}
{{- range $name, $key := $postgres.variables }}
- name: {{ $name | toJson }}
  valueFrom:
    secretKeyRef:
      name: {{ include "app.postgresClusterName" $ }}-app
      key: {{ $key | toJson }}
{{- end }}
{{- end }}
{{- $redis := .Values.redis | default dict -}}
{{- if $redis.enabled }}
{{- range $redis.variables }}
- name: {{ . | toJson }}
  value: {{ printf "redis://%s:%v" (include "app.redisName" $) $redis.port | quote }}
{{- end }}
{{- end }}
{{- end -}}
