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

{{/* Roll the pods when the settings change, as Heroku restarts dynos on a config change. */}}
{{- define "app.configChecksum" -}}
{{ toJson .Values.config | sha256sum }}
{{- end -}}

{{/* The name of one component: <fullname>-<component>, cut to its kind's limit (63 for a Service
or a label value, 52 for a CronJob, whose Jobs add 11 characters) with a stable hash suffix of the
whole name, so two long names never collide. Call with
(dict "root" $ "component" $name "limit" 52); the limit defaults to 63. */}}
{{- define "app.componentName" -}}
{{- $name := printf "%s-%s" (include "app.fullname" .root) .component -}}
{{- $limit := .limit | default 63 | int -}}
{{- if le (len $name) $limit -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" ($name | trunc (sub $limit 9 | int) | trimSuffix "-") ($name | sha256sum | trunc 8) -}}
{{- end -}}
{{- end -}}

{{/* Helm hook annotations (Argo CD maps pre-install/pre-upgrade to PreSync). Call with
(dict "hook" "pre-install,pre-upgrade" "weight" "0" "deletePolicy" "before-hook-creation"). */}}
{{- define "app.hookAnnotations" -}}
helm.sh/hook: {{ .hook | default "pre-install,pre-upgrade" }}
helm.sh/hook-weight: {{ .weight | default "0" | quote }}
helm.sh/hook-delete-policy: {{ .deletePolicy | default "before-hook-creation,hook-succeeded" }}
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

{{/*
Every workload's pod: Deployments, the release Job and the CronJobs all render their pod template
through these helpers (in the style of bjw-s' common library, lib/pod/_spec.tpl), so a setting
reaches every pod the chart makes. Call with a dict:
  root       the chart's root context ($)
  component  the component label (web, release, cron-<name>)
  container  the container's name
  kind       web, worker, singleton, release or cron
  workload   the workload's values: command, resources, env (and, later, per-workload overrides)
  restartPolicy  "Never" for Jobs; unset for Deployments
  rollOnConfig   true where a config change must restart the pods (Deployments)
*/}}
{{- define "app.podTemplate" -}}
metadata:
  labels:
    {{- include "app.selectorLabels" (dict "root" .root "process" .component) | nindent 4 }}
  {{- if .rollOnConfig }}
  annotations:
    checksum/config: {{ include "app.configChecksum" .root }}
  {{- end }}
spec:
  {{- include "app.podSpec" . | nindent 2 }}
{{- end -}}

{{- define "app.podSpec" -}}
{{- $root := .root -}}
serviceAccountName: {{ include "app.serviceAccountName" $root }}
{{- with .restartPolicy }}
restartPolicy: {{ . }}
{{- end }}
automountServiceAccountToken: false
terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
securityContext:
  {{- include "app.podSecurityContext" $root | nindent 2 }}
containers:
  - {{ include "app.container" . | indent 4 | trim }}
volumes:
  {{- include "app.volumes" $root | nindent 2 }}
{{- end -}}

{{/* The app's container in every workload: same image, env, config, security and writable paths;
web adds its port, probes and the preStop drain. */}}
{{- define "app.container" -}}
{{- $root := .root -}}
{{- $workload := .workload -}}
name: {{ .container }}
image: {{ include "app.image" $root | quote }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
# The image's entrypoint (tini) stays PID 1 and passes SIGTERM on, as Heroku did.
args: ["/bin/sh", "-c", {{ $workload.command | quote }}]
env:
  - name: PORT
    value: {{ $root.Values.port | quote }}
  {{- with (include "app.addonEnv" $root) }}{{ . | trim | nindent 2 }}{{ end }}
  {{- range $key, $value := $workload.env }}
  - name: {{ $key }}
    value: {{ $value | quote }}
  {{- end }}
{{- with (include "app.envFrom" $root) }}
envFrom:
  {{- . | nindent 2 }}
{{- end }}
{{- if eq .kind "web" }}
{{- include "app.webContainer" . }}
{{- end }}
resources:
  {{- toYaml $workload.resources | nindent 2 }}
securityContext:
  {{- include "app.containerSecurityContext" $root | nindent 2 }}
volumeMounts:
  {{- include "app.volumeMounts" $root | nindent 2 }}
{{- end -}}

{{/* The web container's port and probes. Heroku only checked that the port was bound (R10 boot
timeout); so do these. */}}
{{- define "app.webContainer" }}
# Heroku only checked that the port was bound (R10 boot timeout); so do these.
ports:
  - name: http
    containerPort: {{ .root.Values.port }}
    protocol: TCP
startupProbe:
  tcpSocket:
    port: http
  periodSeconds: 5
  failureThreshold: {{ div (.workload.startupSeconds | default 60) 5 }}
readinessProbe:
  tcpSocket:
    port: http
  periodSeconds: 10
lifecycle:
  # Let the endpoints drain before the app hears SIGTERM.
  preStop:
    sleep:
      seconds: 5
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
