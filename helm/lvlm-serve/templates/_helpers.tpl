{{/* Names: the release name, unless it already contains the chart name (the usual Helm convention). */}}
{{- define "lvlm-serve.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lvlm-serve.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "lvlm-serve.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lvlm-serve.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "lvlm-serve.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "lvlm-serve.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: lvlm-serve
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Test pods: no app.kubernetes.io/name, so the Service, PDB and NetworkPolicy never select them. */}}
{{- define "lvlm-serve.testPodLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
app.kubernetes.io/part-of: lvlm-serve
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Pods with this label may call the API when the NetworkPolicy is on (the chart's test pods carry it). */}}
{{- define "lvlm-serve.clientLabel" -}}
{{ include "lvlm-serve.fullname" . }}-client: "true"
{{- end -}}

{{/* The chart's test pods: they may also read the management port (readiness). */}}
{{- define "lvlm-serve.testLabel" -}}
{{ include "lvlm-serve.fullname" . }}-test: "true"
{{- end -}}

{{- define "lvlm-serve.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "lvlm-serve.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "lvlm-serve.image" -}}
{{- $tag := .Values.image.tag | default (ternary (printf "%s-cuda" .Chart.AppVersion) .Chart.AppVersion .Values.gpu.enabled) -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "lvlm-serve.secretName" -}}
{{- default (printf "%s-keys" (include "lvlm-serve.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "lvlm-serve.createSecret" -}}
{{- if and (not .Values.auth.existingSecret) (or .Values.auth.adminKey .Values.auth.inferenceKey) -}}true{{- end -}}
{{- end -}}

{{/* The data-dir claim: an existing one, or the chart's. */}}
{{- define "lvlm-serve.claimName" -}}
{{- default (printf "%s-data" (include "lvlm-serve.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{/*
A Spring DataSize ("8GB", "512MB", "1024") in bytes; Spring's units are binary (1KB = 1024 B), and so are these.
*/}}
{{- define "lvlm-serve.dataSizeBytes" -}}
{{- $s := . | toString | trim | upper -}}
{{- if not (regexMatch "^[0-9]+(B|KB|MB|GB|TB)?$" $s) -}}
{{- fail (printf "not a data size (digits and one of B, KB, MB, GB, TB): %q" .) -}}
{{- end -}}
{{- $n := regexFind "^[0-9]+" $s | atoi -}}
{{- $unit := regexFind "[A-Z]+$" $s | default "B" -}}
{{- $mult := get (dict "B" 1 "KB" 1024 "MB" 1048576 "GB" 1073741824 "TB" 1099511627776) $unit -}}
{{- mul $n $mult -}}
{{- end -}}

{{/* libtorch's intra-op threads: the whole CPUs of the request (libtorch otherwise sizes itself to the node). */}}
{{- define "lvlm-serve.torchThreads" -}}
{{- if .Values.torchThreads -}}
{{- .Values.torchThreads -}}
{{- else -}}
{{- $cpu := (.Values.resources.requests | default dict).cpu | default "" | toString -}}
{{- if regexMatch "^[0-9]+$" $cpu -}}
{{- $cpu -}}
{{- else if regexMatch "^[0-9]+m$" $cpu -}}
{{- $m := trimSuffix "m" $cpu | atoi -}}
{{- max 1 (div (add $m 999) 1000) -}}
{{- else if regexMatch "^[0-9]*\\.[0-9]+$" $cpu -}}
{{- max 1 (int (ceil (float64 $cpu))) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Guards: combinations that would run but lose data or never schedule. */}}
{{- define "lvlm-serve.validate" -}}
{{- $hpa := .Values.autoscaling.hpa.enabled -}}
{{- $keda := .Values.autoscaling.keda.enabled -}}
{{- if and $hpa $keda -}}
{{- fail "autoscaling: enable either hpa or keda, not both (KEDA creates its own HorizontalPodAutoscaler)" -}}
{{- end -}}
{{- if not .Values.sharedStore.enabled -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- fail "replicaCount > 1 needs sharedStore.enabled: without it one replica owns the data directory (a starting replica deletes another's unfinished variant)" -}}
{{- end -}}
{{- if or $hpa $keda -}}
{{- fail "autoscaling needs sharedStore.enabled: without it one replica owns the data directory" -}}
{{- end -}}
{{- if .Values.pruneJobs.enabled -}}
{{- fail "pruneJobs.enabled needs sharedStore.enabled: a prune Job writes its variant into the shared store" -}}
{{- end -}}
{{- else if and .Values.persistence.enabled (not .Values.persistence.existingClaim) (not (has "ReadWriteMany" .Values.persistence.accessModes)) -}}
{{- fail "sharedStore.enabled needs persistence.accessModes to include ReadWriteMany (replicas on different nodes mount the store)" -}}
{{- end -}}
{{- if and .Values.sharedStore.enabled (not .Values.persistence.enabled) -}}
{{- fail "sharedStore.enabled needs persistence.enabled: an emptyDir is not shared" -}}
{{- end -}}
{{- end -}}

{{/*
Pod pieces the server's Deployment and the prune Jobs' template share: a prune pod runs the same image with the
same configuration, data directory, tmp and model volumes, and lands on the same kind of node.
*/}}
{{- define "lvlm-serve.baseEnv" -}}
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: file:/etc/lvlm-serve/
- name: LVLM_DATA_DIR
  value: /data
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- with include "lvlm-serve.torchThreads" . }}
- name: OMP_NUM_THREADS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "lvlm-serve.volumeMounts" -}}
- name: config
  mountPath: /etc/lvlm-serve
  readOnly: true
- name: data
  mountPath: /data
- name: tmp
  mountPath: /tmp
{{- if .Values.modelVolume.enabled }}
- name: models
  mountPath: {{ .Values.modelVolume.mountPath }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "lvlm-serve.volumes" -}}
- name: config
  configMap:
    name: {{ include "lvlm-serve.fullname" . }}
- name: data
  {{- if .Values.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "lvlm-serve.claimName" . }}
  {{- else }}
  emptyDir: {}
  {{- end }}
- name: tmp
  emptyDir:
    {{- with .Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- if .Values.modelVolume.enabled }}
- name: models
  {{- if not .Values.modelVolume.source }}
  {{- fail "modelVolume.enabled needs modelVolume.source (a volume source such as persistentVolumeClaim or nfs)" }}
  {{- end }}
  {{- toYaml .Values.modelVolume.source | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Container resources: (dict "root" $ "resources" R) with the GPU limit added when gpu.enabled. */}}
{{- define "lvlm-serve.resources" -}}
{{- $resources := deepCopy (.resources | default dict) -}}
{{- if .root.Values.gpu.enabled -}}
{{- $limits := $resources.limits | default dict -}}
{{- $_ := set $limits .root.Values.gpu.resourceName (.root.Values.gpu.count | int) -}}
{{- $_ := set $resources "limits" $limits -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{- define "lvlm-serve.nodePlacement" -}}
{{- $nodeSelector := .Values.nodeSelector | default dict -}}
{{- if .Values.gpu.enabled -}}
{{- $nodeSelector = merge (deepCopy $nodeSelector) (.Values.gpu.nodeSelector | default dict) -}}
{{- end -}}
{{- with $nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $tolerations := .Values.tolerations | default list -}}
{{- if .Values.gpu.enabled -}}
{{- $tolerations = concat $tolerations (.Values.gpu.tolerations | default list) -}}
{{- end -}}
{{- with $tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Prune Job names are "<prefix>-job-xxxxxxxx": at most 63 characters, as a Job's name must be. */}}
{{- define "lvlm-serve.pruneJobPrefix" -}}
{{- printf "%s-prune" (include "lvlm-serve.fullname" . | trunc 44 | trimSuffix "-") -}}
{{- end -}}

{{/*
The Job every prune copies (lvlm.jobs.kubernetes.job-template): the server's pod without its ports, probes,
keys and API token, restarted never (a retry would find the job's claim still held by the pod that died; the
server fails the job instead and frees the name). The server adds the name, the job-id and component labels
and the arguments "prune-job <id>". Its pod has no app.kubernetes.io/name label, so no Service, PDB or the
server's NetworkPolicy selects it.
*/}}
{{- define "lvlm-serve.pruneJobTemplate" -}}
{{- $p := .Values.pruneJobs -}}
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/part-of: lvlm-serve
    app.kubernetes.io/managed-by: lvlm-serve
spec:
  backoffLimit: 0
  activeDeadlineSeconds: {{ $p.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: {{ $p.ttlSecondsAfterFinished }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
        app.kubernetes.io/part-of: lvlm-serve
    spec:
      restartPolicy: Never
      serviceAccountName: {{ include "lvlm-serve.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- if and .Values.gpu.enabled .Values.gpu.runtimeClassName }}
      runtimeClassName: {{ .Values.gpu.runtimeClassName }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: prune
          image: {{ include "lvlm-serve.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          env:
            {{- include "lvlm-serve.baseEnv" . | nindent 12 }}
            # The pod's name in the job record and its heartbeat files.
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            {{- with .Values.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- include "lvlm-serve.resources" (dict "root" . "resources" ($p.resources | default .Values.resources)) | nindent 12 }}
          volumeMounts:
            {{- include "lvlm-serve.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "lvlm-serve.volumes" . | nindent 8 }}
      {{- with include "lvlm-serve.nodePlacement" . | trim }}
      {{- . | nindent 6 }}
      {{- end }}
{{- end -}}
