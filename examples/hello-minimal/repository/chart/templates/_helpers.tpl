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

{{/* Roll the pods when the settings change, as Heroku restarts dynos on a config change: the
ConfigMap's data and the ExternalSecret's spec (which variables, from where). */}}
{{- define "app.configChecksum" -}}
{{ toJson (list .Values.config .Values.externalSecrets) | sha256sum }}
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
  dyno       the dyno type Heroku named it by (DYNO=<dyno>.<n>): the process type, release, scheduler
  workload   the workload's values: command, resources, env (and, later, per-workload overrides)
  restartPolicy  "Never" for Jobs; unset for Deployments
  rollOnConfig   true where a config change must restart the pods (Deployments)
*/}}
{{- define "app.podTemplate" -}}
{{- $root := .root -}}
{{- $annotations := merge (dict) (.workload.podAnnotations | default dict) ($root.Values.podAnnotations | default dict) -}}
{{- if .rollOnConfig }}
{{- $_ := set $annotations "checksum/config" (include "app.configChecksum" $root | trim) }}
{{- end -}}
metadata:
  labels:
    {{- include "app.selectorLabels" (dict "root" $root "process" .component) | nindent 4 }}
    {{- with (merge (dict) (.workload.podLabels | default dict) ($root.Values.podLabels | default dict)) }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- include "app.podSpec" . | nindent 2 }}
{{- end -}}

{{/* Heroku gave a dyno 30 s between SIGTERM and SIGKILL; Kubernetes counts the preStop sleep in
the grace period, so web pods get the sleep on top and the app still has its full 30 s. */}}
{{- define "app.preStopSeconds" -}}5{{- end -}}

{{- define "app.podSpec" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $workload := .workload -}}
{{- $grace := $values.terminationGracePeriodSeconds | int -}}
{{- if eq .kind "web" }}{{ $grace = add $grace (include "app.preStopSeconds" .) | int }}{{ end -}}
serviceAccountName: {{ include "app.serviceAccountName" $root }}
{{- with .restartPolicy }}
restartPolicy: {{ . }}
{{- end }}
automountServiceAccountToken: false
# Docker-link style *_SERVICE_HOST variables would shadow the app's own config (REDIS_PORT ...).
enableServiceLinks: false
terminationGracePeriodSeconds: {{ $grace }}
{{- include "app.podScheduling" . }}
securityContext:
  {{- include "app.podSecurityContext" $root | nindent 2 }}
containers:
  - {{ include "app.container" . | indent 4 | trim }}
volumes:
  {{- include "app.volumes" $root | nindent 2 }}
  {{- /* What this process writes beside its code (celery beat's schedule, Rails tmp/). */}}
  {{- range $index, $path := $workload.writablePaths }}
  - name: process-writable-{{ $index }}
    emptyDir: {}
  {{- end }}
  {{- with (concat ($values.extraVolumes | default list) ($workload.extraVolumes | default list)) }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Where a pod may run: the platform's knobs, each overridable per workload (a workload's
value replaces the chart-wide one; nodeSelector merges). Web with more than one replica spreads
over zones and nodes unless topologySpreadConstraints says otherwise. */}}
{{- define "app.podScheduling" -}}
{{- $values := .root.Values -}}
{{- $workload := .workload -}}
{{- with $values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($workload.priorityClassName | default $values.priorityClassName) }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with (merge (dict) ($workload.nodeSelector | default dict) ($values.nodeSelector | default dict)) }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($workload.affinity | default $values.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($workload.tolerations | default $values.tolerations) }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $spread := $workload.topologySpreadConstraints | default $values.topologySpreadConstraints }}
{{- if $spread }}
topologySpreadConstraints:
  {{- toYaml $spread | nindent 2 }}
{{- else if and (eq .kind "web") (include "app.scalesOut" $workload) }}
# Several web pods: spread them over zones, then nodes (a preference, so small clusters still
# schedule); only the current ReplicaSet's pods count during a rollout.
topologySpreadConstraints:
  {{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
  - maxSkew: 1
    topologyKey: {{ . }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "app.selectorLabels" (dict "root" $.root "process" $.component) | nindent 8 }}
    matchLabelKeys:
      - pod-template-hash
  {{- end }}
{{- end }}
{{- end -}}

{{/* "true" when a workload runs (or may scale to) more than one replica. */}}
{{- define "app.scalesOut" -}}
{{- $autoscaling := .autoscaling | default dict -}}
{{- if $autoscaling.enabled -}}
{{- if gt ($autoscaling.maxReplicas | int) 1 }}true{{ end -}}
{{- else if gt (.replicas | default 1 | int) 1 -}}true{{- end -}}
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
  {{- include "app.dynoEnv" . | nindent 2 }}
  {{- with (include "app.addonEnv" $root) }}{{ . | trim | nindent 2 }}{{ end }}
  {{- range $key, $value := $workload.env }}
  - name: {{ $key }}
    value: {{ $value | quote }}
  {{- end }}
  {{- with (concat ($root.Values.extraEnv | default list) ($workload.extraEnv | default list)) }}
  {{- toYaml . | nindent 2 }}
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
  {{- range $index, $path := $workload.writablePaths }}
  - name: process-writable-{{ $index }}
    mountPath: {{ $path | quote }}
  {{- end }}
  {{- with (concat ($root.Values.extraVolumeMounts | default list) ($workload.extraVolumeMounts | default list)) }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
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
# The kernel accepts TCP connections while every worker is busy, so a slow or saturated app
# passes; only one that stopped listening for two minutes is restarted.
livenessProbe:
  tcpSocket:
    port: http
  periodSeconds: 20
  timeoutSeconds: 5
  failureThreshold: 6
lifecycle:
  # Let the endpoints drain before the app hears SIGTERM.
  preStop:
    sleep:
      seconds: {{ include "app.preStopSeconds" . }}
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

{{/* Heroku's dyno metadata: DYNO (<process>.<pod name>, where Heroku had web.1) always; with the
runtime-dyno-metadata feature also the app's name and the release commit (the image tag). */}}
{{- define "app.dynoEnv" -}}
{{- $values := .root.Values -}}
{{- $metadata := $values.dynoMetadata | default dict -}}
- name: HEROKUBE_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: DYNO
  value: {{ printf "%s.$(HEROKUBE_POD_NAME)" (.dyno | default .component) | quote }}
{{- if $metadata.enabled }}
- name: HEROKU_APP_NAME
  value: {{ $metadata.appName | default .root.Release.Name | quote }}
- name: HEROKU_SLUG_COMMIT
  value: {{ $values.image.tag | default "" | toString | quote }}
- name: SOURCE_VERSION
  value: {{ $values.image.tag | default "" | toString | quote }}
{{- end }}
{{- end -}}

{{/* The route's hosts: the listed ones, then hostTemplate rendered with tpl (so staging can have
"{{ .Release.Name }}.{{ .Values.environment }}.apps.example.com"). A JSON list; call with
(dict "root" $ "route" .Values.ingress). */}}
{{- define "app.hosts" -}}
{{- $hosts := list -}}
{{- range .route.hosts }}{{ $hosts = append $hosts . }}{{ end -}}
{{- with .route.hostTemplate }}{{ $hosts = append $hosts (tpl . $.root) }}{{ end -}}
{{- $hosts | uniq | toJson -}}
{{- end -}}
