// Veo Jobs reference client: plain JavaScript, no build step. Copy what you need.
(() => {
  "use strict";
  const cfg = window.VEO_JOBS_CONFIG;
  const POLL_MS = cfg.pollMs || 2000;           // normal polling interval
  const MAX_BACKOFF_MS = cfg.maxBackoffMs || 30000;
  const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED"]);

  const $ = (id) => document.getElementById(id);

  // One user id and one node id per browser: the node id lets a reloaded page find its job again.
  const uid = localStorage.getItem("veo-user-id") || ("user-" + Math.random().toString(36).slice(2, 10));
  localStorage.setItem("veo-user-id", uid);
  const nodeId = localStorage.getItem("veo-node-id") || ("node-" + Math.random().toString(36).slice(2, 12));
  localStorage.setItem("veo-node-id", nodeId);
  $("user-id").textContent = uid;

  class ApiError extends Error {
    constructor(status, body) {
      const err = (body && body.error) || {};
      const detail = (err.details || []).map((d) => `${d.field}: ${d.reason}`).join("; ");
      super(detail ? `${err.message || "Request failed"} (${detail})` : (err.message || `Request failed (${status})`));
      this.status = status;
      this.code = err.code;
    }
  }

  async function api(method, path, body, headers = {}) {
    const token = await cfg.getIdToken(uid);
    const res = await fetch(cfg.apiBase + path, {
      method,
      headers: Object.assign({ Authorization: "Bearer " + token },
        body ? { "Content-Type": "application/json" } : {}, headers),
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  // ---- rendering -------------------------------------------------------------------------
  function statusLabel(job) {
    if (job.status === "PROCESSING") return `PROCESSING · ${job.stage.toLowerCase()}`;
    return job.status;
  }

  function renderJob(job) {
    const el = document.createElement("div");
    el.className = "job status-" + job.status.toLowerCase();
    el.dataset.jobId = job.id;
    const title = document.createElement("div");
    title.className = "job-title";
    title.textContent = job.prompt;
    const meta = document.createElement("div");
    meta.className = "job-meta";
    meta.innerHTML = `<span class="badge"></span> <span class="params"></span>`;
    meta.querySelector(".badge").textContent = statusLabel(job);
    const p = job.parameters || {};
    meta.querySelector(".params").textContent = `${p.duration_seconds}s · ${p.aspect_ratio} · ${p.resolution}`;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = job.progress || 0;
    bar.setAttribute("aria-label", "progress");
    el.append(title, meta, bar);
    if (job.status === "FAILED" && job.error) {
      const err = document.createElement("p");
      err.className = "error job-error";
      err.textContent = job.error.message + " (" + job.error.code + ")";
      el.append(err);
    }
    return el;
  }

  function showCurrent(job) {
    $("current").hidden = false;
    const box = $("current-job");
    box.replaceChildren(renderJob(job));
    const player = $("player");
    if (job.status === "COMPLETED" && job.video_url) {
      const video = $("video");
      if (video.dataset.jobId !== job.id) {
        video.dataset.jobId = job.id;
        video.src = job.video_url;
      }
      $("open-video").href = job.video_url;
      player.hidden = false;
    } else {
      player.hidden = true;
    }
  }

  async function refreshList() {
    try {
      const page = await api("GET", "/v1/jobs?page_size=20");
      const list = $("jobs");
      list.replaceChildren(...page.jobs.map((job) => {
        const li = document.createElement("li");
        li.append(renderJob(job));
        li.addEventListener("click", () => follow(job.id));
        return li;
      }));
      $("list-error").hidden = true;
    } catch (e) {
      $("list-error").textContent = "Could not load your jobs: " + e.message;
      $("list-error").hidden = false;
    }
  }

  // ---- polling with backoff --------------------------------------------------------------
  let followToken = 0;

  async function follow(jobId) {
    const mine = ++followToken;
    let delay = POLL_MS;
    for (;;) {
      if (mine !== followToken) return; // a newer job took over
      try {
        const job = await api("GET", "/v1/jobs/" + encodeURIComponent(jobId));
        showCurrent(job);
        delay = POLL_MS;
        if (TERMINAL.has(job.status)) {
          refreshList();
          return;
        }
      } catch (e) {
        if (e.status === 404) {
          $("current-job").textContent = "This job no longer exists.";
          return;
        }
        // Network trouble or 5xx: keep the job, back off, try again.
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
        $("current-job").dataset.retrying = String(delay);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  // ---- form ------------------------------------------------------------------------------
  async function uploadImage(file) {
    const ticket = await api("POST", "/v1/uploads", { content_type: file.type, size_bytes: file.size });
    const put = await fetch(ticket.upload_url, { method: "PUT", headers: { "Content-Type": file.type }, body: file });
    if (!put.ok) throw new Error("The image upload failed (" + put.status + ")");
    return { gcs_uri: ticket.gcs_uri, mime_type: file.type };
  }

  $("job-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const error = $("form-error");
    error.hidden = true;
    const prompt = form.prompt.value.trim();
    if (!prompt) {
      error.textContent = "Please enter a prompt.";
      error.hidden = false;
      return;
    }
    $("submit").disabled = true;
    try {
      const body = {
        prompt,
        node_id: nodeId,
        parameters: {
          duration_seconds: Number(form.duration_seconds.value),
          aspect_ratio: form.aspect_ratio.value,
          resolution: form.resolution.value,
        },
      };
      const negative = form.negative_prompt.value.trim();
      if (negative) body.negative_prompt = negative;
      const file = form.image.files[0];
      if (file) body.image = await uploadImage(file);
      // One key per click: a double click or a retried request cannot start two paid jobs.
      const job = await api("POST", "/v1/jobs", body, { "Idempotency-Key": crypto.randomUUID() });
      showCurrent(job);
      refreshList();
      follow(job.id);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      $("submit").disabled = false;
    }
  });

  // ---- start: resume the node's latest job after a reload -------------------------------
  (async () => {
    refreshList();
    try {
      const latest = await api("GET", "/v1/nodes/" + encodeURIComponent(nodeId) + "/jobs/latest");
      showCurrent(latest);
      if (!TERMINAL.has(latest.status)) follow(latest.id);
    } catch (e) {
      if (e.status !== 404) console.warn("could not resume", e);
    }
  })();
})();
