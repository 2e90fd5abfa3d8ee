{{/*
Prometheus recording and alerting rules for one release: the PrometheusRule's spec, and what CI runs through
`promtool check rules` / `promtool test rules` (monitoring/tests). Series are selected by the labels a
ServiceMonitor gives them (namespace, service); kube-state-metrics' by namespace and deployment.
Alert texts use Prometheus templating, kept out of Helm's with {{`...`}}.
*/}}
{{- define "lvlm-serve.rules" -}}
{{- $r := .Values.metrics.prometheusRule -}}
{{- $sel := printf "namespace=%q, service=%q" .Release.Namespace (include "lvlm-serve.fullname" .) -}}
{{- $ksm := printf "namespace=%q, deployment=%q" .Release.Namespace (include "lvlm-serve.fullname" .) -}}
{{- $queue := mulf .Values.config.engine.queueCapacity $r.queueFraction -}}
{{- $budget := include "lvlm-serve.dataSizeBytes" .Values.config.variantMemoryBudget | float64 -}}
{{- $memory := mulf $budget $r.variantMemoryFraction -}}
{{- $stuck := int $r.pruneJobStuckMinutes -}}
groups:
  - name: lvlm-serve.recording
    rules:
      - record: lvlm:e2e_request_latency_seconds:p99_5m
        expr: histogram_quantile(0.99, sum by (namespace, service, variant, le) (rate(lvlm_e2e_request_latency_seconds_bucket{ {{- $sel -}} }[5m])))
      - record: lvlm:time_to_first_token_seconds:p99_5m
        expr: histogram_quantile(0.99, sum by (namespace, service, variant, le) (rate(lvlm_time_to_first_token_seconds_bucket{ {{- $sel -}} }[5m])))
      - record: lvlm:request_queue_time_seconds:p99_5m
        expr: histogram_quantile(0.99, sum by (namespace, service, variant, le) (rate(lvlm_request_queue_time_seconds_bucket{ {{- $sel -}} }[5m])))
      - record: lvlm:request_success:rate5m
        expr: sum by (namespace, service, variant) (rate(lvlm_request_success_total{ {{- $sel -}} }[5m]))
      - record: lvlm:generation_tokens:rate5m
        expr: sum by (namespace, service, variant) (rate(lvlm_generation_tokens_total{ {{- $sel -}} }[5m]))
      - record: lvlm:num_requests_waiting:sum
        expr: sum by (namespace, service, variant) (lvlm_num_requests_waiting{ {{- $sel -}} })
      # Inference endpoints only; a 503 (queue full, not ready) counts: the client got no answer. Without any 5xx
      # series yet, the "or" arm makes the ratio 0 rather than absent.
      - record: lvlm:inference_errors:ratio_rate5m
        expr: |-
          (
            sum by (namespace, service) (rate(http_server_requests_seconds_count{ {{- $sel -}} , uri=~"/v1/(vqa|chat/completions)", status=~"5.."}[5m]))
              or
            0 * sum by (namespace, service) (rate(http_server_requests_seconds_count{ {{- $sel -}} , uri=~"/v1/(vqa|chat/completions)"}[5m]))
          )
            / sum by (namespace, service) (rate(http_server_requests_seconds_count{ {{- $sel -}} , uri=~"/v1/(vqa|chat/completions)"}[5m]))
      - record: lvlm:vision_cache_hit:ratio_rate5m
        expr: |-
          sum by (namespace, service) (rate(cache_gets_total{ {{- $sel -}} , cache="lvlm_vision_features", result="hit"}[5m]))
            / sum by (namespace, service) (rate(cache_gets_total{ {{- $sel -}} , cache="lvlm_vision_features"}[5m]))
      # Only pruned variants count against lvlm.variant-memory-budget; a base's gauge has variant == model.
      - record: lvlm:variant_memory_pruned_bytes:sum
        expr: |-
          sum by (namespace, service, pod) (
            lvlm_variant_memory_bytes{ {{- $sel -}} }
              unless on (namespace, service, pod, variant)
            label_replace(max by (namespace, service, pod, model) (lvlm_variant_memory_bytes{ {{- $sel -}} }), "variant", "$1", "model", "(.+)")
          )
  - name: lvlm-serve.alerts
    rules:
      - alert: LvlmServeQueueBackingUp
        expr: avg_over_time(lvlm_num_requests_waiting{ {{- $sel -}} }[5m]) > {{ $queue }}
        for: 5m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.pod }}: {{ $labels.variant }} has {{ $value | printf "%.0f" }} requests waiting'`}}
          description: >-
            The variant's queue has averaged above {{ $queue }} requests (of {{ .Values.config.engine.queueCapacity }}) over
            5 minutes, for 5 minutes; at capacity requests get 503. Add replicas or a smaller variant.
      - alert: LvlmServeLatencyP99High
        expr: lvlm:e2e_request_latency_seconds:p99_5m > {{ $r.e2eLatencyP99Seconds }}
        for: 10m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.variant }}: p99 request latency {{ $value | humanizeDuration }}'`}}
          description: p99 end-to-end latency over 5 minutes has been above {{ $r.e2eLatencyP99Seconds }} s for 10 minutes.
      - alert: LvlmServeTimeToFirstTokenP99High
        expr: lvlm:time_to_first_token_seconds:p99_5m > {{ $r.ttftP99Seconds }}
        for: 10m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.variant }}: p99 time to first token {{ $value | humanizeDuration }}'`}}
          description: p99 time to first token over 5 minutes has been above {{ $r.ttftP99Seconds }} s for 10 minutes.
      - alert: LvlmServeErrorRateHigh
        expr: lvlm:inference_errors:ratio_rate5m > {{ $r.errorRatio }}
        for: 5m
        labels:
          severity: critical
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.service }}: {{ $value | humanizePercentage }} of inference requests fail'`}}
          description: More than {{ mulf $r.errorRatio 100 }} % of /v1/vqa and /v1/chat/completions requests have answered 5xx for 5 minutes.
      - alert: LvlmServeReplicaNotReady
        expr: kube_deployment_status_replicas_available{ {{- $ksm -}} } < kube_deployment_spec_replicas{ {{- $ksm -}} }
        for: 10m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.deployment }}: fewer replicas ready than wanted'`}}
          description: A replica has not been ready for 10 minutes (model not loaded, crash loop, or unschedulable).
      - alert: LvlmServeTargetDown
        expr: up{ {{- $sel -}} } == 0
        for: 5m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.pod }}: /actuator/prometheus cannot be scraped'`}}
          description: Prometheus has not scraped this replica for 5 minutes.
      # A counter that first appears at 1 has no increase() yet; the second arm catches that first failure.
      - alert: LvlmServePruneJobFailed
        expr: |-
          (
            sum by (namespace, service, pod, model, method) (increase(lvlm_prune_jobs_total{ {{- $sel -}} , outcome="failed"}[30m])) > 0
          ) or (
            sum by (namespace, service, pod, model, method) (lvlm_prune_jobs_total{ {{- $sel -}} , outcome="failed"})
              unless sum by (namespace, service, pod, model, method) (lvlm_prune_jobs_total{ {{- $sel -}} , outcome="failed"} offset 30m)
          )
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.pod }}: a {{ $labels.method }} prune of {{ $labels.model }} failed'`}}
          description: A prune job failed in the last 30 minutes; GET /v1/jobs shows its error.
      # "for" holds only while no 5-minute window saw the progress change: unchanged for the whole period.
      - alert: LvlmServePruneJobStuck
        expr: |-
          (sum by (namespace, service, pod) (lvlm_prune_job_running{ {{- $sel -}} }) > 0)
            and on (namespace, service, pod)
          (sum by (namespace, service, pod) (changes(lvlm_prune_job_progress{ {{- $sel -}} }[5m])) == 0)
        for: {{ $stuck }}m
        labels:
          severity: warning
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.pod }}: the running prune job has not progressed'`}}
          description: A prune job is running and its progress has not moved for {{ $stuck }} minutes; cancel it with DELETE /v1/jobs/ID.
      - alert: LvlmServeVariantMemoryNearBudget
        expr: lvlm:variant_memory_pruned_bytes:sum > {{ $memory | int64 }}
        for: 15m
        labels:
          severity: info
          {{- with $r.alertLabels }}{{ toYaml . | nindent 10 }}{{ end }}
        annotations:
          summary: {{`'{{ $labels.pod }}: loaded variants use {{ $value | humanize1024 }}B'`}}
          description: >-
            Pruned variants hold more than {{ mulf $r.variantMemoryFraction 100 }} % of lvlm.variant-memory-budget
            ({{ .Values.config.variantMemoryBudget }}); the next load evicts one, and requests for it reload it from disk.
{{- end -}}
