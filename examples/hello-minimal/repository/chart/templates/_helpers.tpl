{{/* The chart's name, and the prefix of every resource. */}}
{{- define "app.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "app.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "app.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one process type: call with (dict "root" $ "process" $name). */}}
{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .process }}
{{- end -}}

{{- define "app.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) -}}
{{- end -}}

{{- define "app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ include "app.fullname" . }}{{- else -}}default{{- end -}}
{{- end -}}

{{/* Pod Security "restricted": non-root, no escalation, no capabilities, RuntimeDefault seccomp. */}}
{{- define "app.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "app.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The app's configuration: the ConfigMap of plain settings and the Secret of credentials. */}}
{{- define "app.envFrom" -}}
{{- if .Values.config }}
- configMapRef:
    name: {{ include "app.fullname" . }}-config
{{- end }}
{{- if .Values.externalSecrets.enabled }}
- secretRef:
    name: {{ include "app.fullname" . }}-secrets
{{- end }}
{{- end -}}

{{/* A read-only root filesystem still needs a writable /tmp (and the app's own tmp dirs). */}}
{{- define "app.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- range $index, $path := .Values.writablePaths }}
- name: writable-{{ $index }}
  mountPath: {{ $path }}
{{- end }}
{{- end -}}

{{- define "app.volumes" -}}
- name: tmp
  emptyDir: {}
{{- range $index, $path := .Values.writablePaths }}
- name: writable-{{ $index }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{/* Roll the pods when the settings change, as Heroku restarts dynos on a config change: the
ConfigMap's data and the ExternalSecret's spec (which variables, from where). */}}
{{- define "app.configChecksum" -}}
{{ toJson (list .Values.config .Values.externalSecrets) | sha256sum }}
{{- end -}}
