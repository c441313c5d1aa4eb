// Settings of this reference client. The local stack serves its own config.js in place of this
// file; in your app, set apiBase to the jobs-api URL and getIdToken to Firebase Auth's
// `() => firebase.auth().currentUser.getIdToken()`.
window.VEO_JOBS_CONFIG = window.VEO_JOBS_CONFIG || {
  apiBase: "http://localhost:8081",
  // Local emulator mode only: an unsigned token in the Firebase Auth emulator's style.
  getIdToken: async (uid) => {
    const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const now = Math.floor(Date.now() / 1000);
    return b64({ alg: "none", typ: "JWT" }) + "." +
      b64({ sub: uid, user_id: uid, iat: now, exp: now + 3600, aud: "veo-jobs-local", iss: "https://securetoken.google.com/veo-jobs-local" }) + ".";
  },
};
