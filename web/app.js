// Veo Jobs reference client: plain JavaScript, no build step. Copy what you need.
(() => {
  "use strict";
  const cfg = window.VEO_JOBS_CONFIG;
  const POLL_MS = cfg.pollMs || 2000;           // normal polling interval
  const MAX_BACKOFF_MS = cfg.maxBackoffMs || 30000;
  const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED"]);

  // What a user reads for each stage and error code; the code itself is shown too, for support.
  const STAGE_LABELS = {
    QUEUED: "queued", STARTING: "starting", GENERATING: "generating the video",
    FINALIZING: "saving the video", DONE: "done",
  };
  const ERROR_TITLES = {
    SAFETY_FILTERED: "Blocked by the safety filters",
    NO_VIDEO: "No video came back",
    GENERATION_FAILED: "The generation failed",
    DEADLINE_EXCEEDED: "The job took too long",
    OPERATION_NOT_FOUND: "The generation was lost",
    FINALIZE_FAILED: "The video could not be saved",
    INVALID_ARGUMENT: "The request was not accepted",
  };
  // API field paths as the form calls them, so a 400 points at the control to fix.
  const FIELD_LABELS = {
    prompt: "Prompt", negative_prompt: "Negative prompt",
    "parameters.duration_seconds": "Duration", "parameters.aspect_ratio": "Aspect ratio",
    "parameters.resolution": "Resolution", image: "First frame", last_frame: "Last frame",
    reference_images: "Reference images", model: "Model", extend_from_job_id: "Extend",
  };
  const FIELD_INPUTS = {
    prompt: "prompt", negative_prompt: "negative-prompt", "parameters.duration_seconds": "duration",
    "parameters.aspect_ratio": "aspect", "parameters.resolution": "resolution", image: "image",
    last_frame: "last-frame", reference_images: "references", model: "model",
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const withTestId = (node, id) => { node.dataset.testid = id; return node; };

  // One user id and one node id per browser: the node id lets a reloaded page find its job again.
  const uid = localStorage.getItem("veo-user-id") || ("user-" + Math.random().toString(36).slice(2, 10));
  localStorage.setItem("veo-user-id", uid);
  const newNodeId = () => "node-" + Math.random().toString(36).slice(2, 12);
  let nodeId = localStorage.getItem("veo-node-id") || newNodeId();
  localStorage.setItem("veo-node-id", nodeId);
  $("user-id").textContent = uid;

  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      const err = (body && body.error) || {};
      super(err.message || `The jobs service answered ${status}.`);
      this.status = status;
      this.code = err.code || "HTTP_" + status;
      this.details = Array.isArray(err.details) ? err.details : [];
      this.retryAfterSeconds = retryAfterSeconds(retryAfter);
    }
  }

  // Retry-After is whole seconds or an HTTP date; null when absent or unreadable.
  function retryAfterSeconds(header) {
    if (!header) return null;
    if (/^\d+$/.test(header.trim())) return Number(header.trim());
    const at = Date.parse(header);
    return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }

  function tryAgainText(seconds) {
    if (seconds == null) return "";
    if (seconds < 90) return `Try again in ${seconds} s.`;
    if (seconds < 90 * 60) return `Try again in ${Math.ceil(seconds / 60)} min.`;
    const at = new Date(Date.now() + seconds * 1000);
    return `Try again after ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`;
  }

  async function api(method, path, body, headers = {}) {
    const token = await cfg.getIdToken(uid);
    let res;
    try {
      res = await fetch(cfg.apiBase + path, {
        method,
        headers: Object.assign({ Authorization: "Bearer " + token },
          body ? { "Content-Type": "application/json" } : {}, headers),
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      // fetch rejects only when no answer came back (offline, DNS, CORS, server down).
      const err = new ApiError(0, { error: { code: "UNAVAILABLE", message: "Could not reach the jobs service. Check your connection." } });
      err.cause = e;
      throw err;
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      // A proxy's HTML error page: keep the status, drop the body.
    }
    if (!res.ok) throw new ApiError(res.status, json, res.headers.get("Retry-After"));
    return json;
  }

  // ---- rendering -------------------------------------------------------------------------
  function statusLabel(job) {
    if (job.status === "PROCESSING") return `PROCESSING · ${STAGE_LABELS[job.stage] || String(job.stage).toLowerCase()}`;
    return job.status;
  }

  function renderError(error) {
    const box = withTestId(el("div", { className: "job-error", role: "alert" }), "job-error");
    const title = el("strong", { className: "error-title", textContent: ERROR_TITLES[error.code] || "The job failed" });
    const message = withTestId(el("p", { className: "error-message", textContent: error.message || "" }), "job-error-message");
    const code = withTestId(el("code", { className: "error-code", textContent: error.code || "UNKNOWN" }), "job-error-code");
    box.append(title, message, el("p", { className: "error-meta" }, "Error code ", code));
    return box;
  }

  function renderJob(job) {
    const box = withTestId(el("div", { className: "job status-" + String(job.status).toLowerCase() }), "job");
    box.dataset.jobId = job.id;
    box.dataset.status = job.status;
    box.dataset.stage = job.stage || "";
    box.dataset.progress = String(job.progress || 0);

    const title = el("div", { className: "job-title", textContent: job.prompt });
    const badge = withTestId(el("span", { className: "badge", textContent: statusLabel(job) }), "job-status");
    const p = job.parameters || {};
    const params = el("span", { className: "params", textContent: `${p.duration_seconds} s · ${p.aspect_ratio} · ${p.resolution}` });
    const meta = el("div", { className: "job-meta" }, badge, " · ", params);
    if (job.created_at) {
      meta.append(" · ", el("time", { dateTime: job.created_at, textContent: new Date(job.created_at).toLocaleTimeString() }));
    }

    if (job.source_job_id) {
      meta.append(" · ", withTestId(el("span", { className: "source", textContent: "extends " + job.source_job_id }),
        "job-source"));
    }
    box.append(title, meta);
    // A full bar on a failed job would read as success: only live and completed jobs get one.
    if (job.status !== "FAILED" && job.status !== "CANCELED") {
      const progress = job.progress || 0;
      const bar = withTestId(el("progress", { max: 100, value: progress }), "job-progress");
      bar.setAttribute("aria-label", "progress");
      const pct = el("span", { className: "pct", textContent: progress + "%" });
      box.append(el("div", { className: "progress-row" }, bar, pct));
    }
    if (job.status === "FAILED" && job.error) box.append(renderError(job.error));
    return box;
  }

  // Every job the page knows, by id; the current one is shown in its panel, the rest in the list.
  const known = new Map();
  let currentId = null;

  function renderListItem(job) {
    const li = el("li");
    li.dataset.jobId = job.id;
    li.tabIndex = 0;
    li.append(renderJob(job));
    li.addEventListener("click", () => follow(job.id));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") follow(job.id); });
    return li;
  }

  // The list holds every known job but the current one, newest first: each job is shown once.
  function renderList() {
    const others = [...known.values()].filter((job) => job.id !== currentId)
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    $("jobs").replaceChildren(...others.map(renderListItem));
    $("no-jobs").textContent = currentId ? "No other jobs yet." : "No jobs yet.";
    $("no-jobs").hidden = others.length > 0;
  }

  function note(text) {
    $("current-note").textContent = text || "";
    $("current-note").hidden = !text;
  }

  function showCurrent(job) {
    $("current").hidden = false;
    $("current-job").replaceChildren(renderJob(job));
    known.set(job.id, job);
    if (currentId !== job.id) {
      currentId = job.id;
      renderList();
    }
    const cancel = $("cancel");
    cancel.hidden = TERMINAL.has(job.status);
    // A finished video can be continued: the extension becomes the node's newest job.
    $("extend-form").hidden = !(job.status === "COMPLETED" && (job.videos || []).length > 0);
    $("extend-form").dataset.jobId = job.id;
    cancel.disabled = false;
    cancel.dataset.jobId = job.id;
    $("delete").disabled = false;
    $("delete").dataset.jobId = job.id;
    // An open history follows the job: reloaded whenever the job changed.
    if ($("history").open && historyShown !== job.id + "@" + job.updated_at) loadHistory(job);
    const player = $("player");
    if (job.status === "COMPLETED" && job.video_url) {
      const video = $("video");
      // A re-signed URL for the same job must not restart a playing video.
      if (video.dataset.jobId !== job.id) {
        video.dataset.jobId = job.id;
        video.src = job.video_url;
      }
      $("open-video").href = job.video_url;
      showSamples(job);
      player.hidden = false;
    } else {
      player.hidden = true;
    }
  }

  // ---- history: GET /v1/jobs/{id}/events, oldest first --------------------------------------
  let historyShown = null;

  function renderEvent(e) {
    const li = withTestId(el("li"), "event");
    li.dataset.type = e.type;
    const when = e.at ? el("time", { dateTime: e.at, textContent: new Date(e.at).toLocaleTimeString() }) : "";
    const data = Object.entries(e.data || {}).map(([k, v]) => `${k}: ${v}`).join(", ");
    li.append(when, " ", el("code", { textContent: e.type }));
    if (data) li.append(" ", el("span", { className: "event-data", textContent: data }));
    return li;
  }

  async function loadHistory(job) {
    historyShown = job.id + "@" + job.updated_at;
    const events = [];
    try {
      let token = null;
      for (let page = 0; page < 10; page++) {
        const q = "?page_size=100" + (token ? "&page_token=" + encodeURIComponent(token) : "");
        const answer = await api("GET", "/v1/jobs/" + encodeURIComponent(job.id) + "/events" + q);
        events.push(...(answer.events || []));
        token = answer.next_page_token;
        if (!token) break;
      }
      if (currentId !== job.id) return;
      $("events").replaceChildren(...events.map(renderEvent));
      $("events-error").hidden = true;
    } catch (e) {
      historyShown = null;
      $("events-error").textContent = "Could not load the history: " + e.message;
      $("events-error").hidden = false;
    }
  }

  $("history").addEventListener("toggle", () => {
    if ($("history").open && currentId && known.has(currentId)) loadHistory(known.get(currentId));
  });

  // sample_count > 1: every sample has its own signed URL; the player shows one at a time.
  function showSamples(job) {
    const videos = job.videos || [];
    const box = $("samples");
    box.hidden = videos.length < 2;
    box.replaceChildren(...videos.map((v, i) => {
      const button = withTestId(el("button", { type: "button", className: "secondary", textContent: `Sample ${i + 1}` }),
        "sample");
      button.addEventListener("click", () => {
        $("video").src = v.url;
        $("open-video").href = v.url;
      });
      return button;
    }));
  }

  async function refreshList() {
    try {
      const page = await api("GET", "/v1/jobs?page_size=20");
      for (const job of page.jobs || []) {
        if (job.id !== currentId) known.set(job.id, job);
      }
      renderList();
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
        if (mine !== followToken) return;
        showCurrent(job);
        note("");
        delay = POLL_MS;
        if (TERMINAL.has(job.status)) {
          refreshList();
          return;
        }
      } catch (e) {
        if (mine !== followToken) return;
        if (e.status === 404) {
          $("current-job").replaceChildren();
          note("This job no longer exists.");
          return;
        }
        // Network trouble, 429 or 5xx: keep the job, back off (at least as long as asked), try again.
        delay = Math.max(Math.min(delay * 2, MAX_BACKOFF_MS), (e.retryAfterSeconds || 0) * 1000);
        note(`${e.message} Trying again in ${Math.round(delay / 1000)} s.`);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  // ---- form ------------------------------------------------------------------------------
  function showFormError(message, allDetails = []) {
    const box = $("form-error");
    // Only details that name a field point at a control; others (a limit's name) are for programs.
    const details = allDetails.filter((d) => d.field);
    // With field details the server's summary only repeats them in API terms.
    if (details.length) message = "Please correct the following and try again:";
    const items = details.map((d) => {
      const li = el("li", {}, el("strong", { textContent: FIELD_LABELS[d.field] || d.field }), ": " + d.reason);
      li.dataset.field = d.field;
      return li;
    });
    box.replaceChildren(el("p", { textContent: message }));
    if (items.length) box.append(el("ul", {}, ...items));
    box.hidden = false;
    for (const d of details) {
      const input = $(FIELD_INPUTS[d.field]);
      if (input) input.setAttribute("aria-invalid", "true");
    }
  }

  function clearFormError() {
    $("form-error").hidden = true;
    $("form-error").replaceChildren();
    for (const input of $("job-form").querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  async function uploadImage(file) {
    const ticket = await api("POST", "/v1/uploads", { content_type: file.type, size_bytes: file.size });
    const put = await fetch(ticket.upload_url, { method: "PUT", headers: { "Content-Type": file.type }, body: file });
    if (!put.ok) throw new Error("The image upload failed (" + put.status + ").");
    return { gcs_uri: ticket.gcs_uri, mime_type: file.type };
  }

  // One Idempotency-Key per submission: a new one for new form contents, the same one when the same
  // submission is sent again after it failed (a lost answer, a 5xx), so the retry returns the job
  // the first attempt may already have created instead of paying for a second one. The uploaded
  // image is kept with it, so the retried body is the same.
  let pending = null; // { fingerprint, key, image }

  const fileKey = (file) => file ? [file.name, file.size, file.lastModified] : null;

  function fingerprint(form) {
    return JSON.stringify([form.prompt.value.trim(), form.negative_prompt.value.trim(), form.duration_seconds.value,
      form.aspect_ratio.value, form.resolution.value, form.model.value, fileKey(form.image.files[0]),
      fileKey(form.last_frame.files[0]), Array.from(form.references.files).map(fileKey)]);
  }

  $("job-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    clearFormError();
    const prompt = form.prompt.value.trim();
    if (!prompt) {
      showFormError("Please enter a prompt.", []);
      form.prompt.setAttribute("aria-invalid", "true");
      form.prompt.focus();
      return;
    }
    const print = fingerprint(form);
    if (!pending || pending.fingerprint !== print) {
      pending = { fingerprint: print, key: crypto.randomUUID(), image: null, lastFrame: null, references: null };
    }
    const attempt = pending;
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
      body.model = form.model.value;
      const file = form.image.files[0];
      if (file && !attempt.image) attempt.image = await uploadImage(file);
      if (file) body.image = attempt.image;
      const last = form.last_frame.files[0];
      if (last && !attempt.lastFrame) attempt.lastFrame = await uploadImage(last);
      if (last) body.last_frame = attempt.lastFrame;
      const references = Array.from(form.references.files);
      if (references.length && !attempt.references) {
        attempt.references = [];
        for (const ref of references) attempt.references.push({ ...(await uploadImage(ref)), reference_type: "asset" });
      }
      if (references.length) body.reference_images = attempt.references;
      let job;
      try {
        job = await api("POST", "/v1/jobs", body, { "Idempotency-Key": attempt.key });
      } catch (e) {
        if (e.status !== 404 || !(e.details || []).some((d) => d.field === "node_id")) throw e;
        // A node belongs to the account that first used it; another account signed in on this
        // browser gets a node of its own (nothing was created by the refused request).
        nodeId = newNodeId();
        localStorage.setItem("veo-node-id", nodeId);
        body.node_id = nodeId;
        job = await api("POST", "/v1/jobs", body, { "Idempotency-Key": attempt.key });
      }
      if (pending === attempt) pending = null; // done: the next submission is a new one
      showCurrent(job);
      // On a phone the panel is below the form: bring the job's progress into view.
      $("current").scrollIntoView({ block: "nearest" });
      follow(job.id);
    } catch (e) {
      if (e.status === 429) {
        showFormError(`${e.message} ${tryAgainText(e.retryAfterSeconds)}`.trim(), []);
      } else {
        showFormError(e.message, e.details || []);
      }
    } finally {
      $("submit").disabled = false;
    }
  });

  $("cancel").addEventListener("click", async () => {
    const button = $("cancel");
    const jobId = button.dataset.jobId;
    button.disabled = true;
    try {
      showCurrent(await api("POST", "/v1/jobs/" + encodeURIComponent(jobId) + ":cancel"));
    } catch (e) {
      // 409: the job ended meanwhile; the next poll shows how.
      if (e.status !== 409) note("Could not cancel the job: " + e.message);
      button.disabled = false;
    }
  });

  // DELETE /v1/jobs/{id}: a live job is canceled first; the video and the history go with it.
  $("delete").addEventListener("click", async () => {
    const button = $("delete");
    const jobId = button.dataset.jobId;
    if (!window.confirm("Delete this job, its video and its history? This cannot be undone.")) return;
    button.disabled = true;
    try {
      await api("DELETE", "/v1/jobs/" + encodeURIComponent(jobId));
      followToken++; // stop polling it
      known.delete(jobId);
      currentId = null;
      historyShown = null;
      $("current").hidden = true;
      $("events").replaceChildren();
      renderList();
    } catch (e) {
      note("Could not delete the job: " + e.message);
      button.disabled = false;
    }
  });

  // Extend: a new job continuing the current one's video, with its own Idempotency-Key per click.
  $("extend-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = $("extend-form");
    const prompt = $("extend-prompt").value.trim();
    if (!prompt) {
      note("Say how the video should continue.");
      return;
    }
    $("extend").disabled = true;
    try {
      const job = await api("POST", "/v1/jobs/" + encodeURIComponent(form.dataset.jobId) + ":extend", { prompt },
        { "Idempotency-Key": crypto.randomUUID() });
      $("extend-prompt").value = "";
      note("");
      showCurrent(job);
      follow(job.id);
    } catch (e) {
      note("Could not extend the video: " + e.message);
    } finally {
      $("extend").disabled = false;
    }
  });

  // The local stack's fake Veo acts on prompt markers; say so where a user types the prompt.
  const markers = cfg.promptMarkers || [];
  if (markers.length) {
    const help = $("prompt-help");
    help.append("Trying failures? Add ");
    markers.forEach((m, i) => {
      if (i > 0) help.append(i === markers.length - 1 ? " or " : ", ");
      help.append(el("code", { textContent: m }));
    });
    help.append(" to the prompt: the local fake Veo then misbehaves on purpose.");
    help.hidden = false;
  }

  // ---- start: resume the node's latest job after a reload -------------------------------
  (async () => {
    await refreshList();
    try {
      const latest = await api("GET", "/v1/nodes/" + encodeURIComponent(nodeId) + "/jobs/latest");
      showCurrent(latest);
      if (!TERMINAL.has(latest.status)) follow(latest.id);
    } catch (e) {
      if (e.status !== 404) note("Could not resume your last job: " + e.message);
    }
  })();
})();
