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
