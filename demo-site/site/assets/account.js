// The account page's own script: writes the CSRF cookie the form needs (like Django's or
// Laravel's front-end helpers do) and fakes the sign-in. The session cookie itself comes from
// the server (Set-Cookie: sessionid=...; HttpOnly).
(() => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  if (!/(?:^|; )csrftoken=/.test(document.cookie))
    document.cookie = `csrftoken=${token}; path=/; max-age=${364 * 86400}; SameSite=Lax`;
  const form = document.querySelector('[data-signin]');
  form.elements.csrfmiddlewaretoken.value = (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || token;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const email = form.elements.email.value.trim();
    document.querySelector('[data-signin-status]').textContent = email
      ? `Signed in as ${email} (demo: nothing was sent anywhere).`
      : 'Enter any email address: this is a demo, nothing is sent.';
  });
})();
