// Loads the example app's page in headless Chromium and uses it as a
// person would: sign up, see the session, sign out, sign in, reload.
//
//   node browsercheck.mjs http://127.0.0.1:3000
//
// The browser is CHROMIUM_PATH, or /usr/bin/chromium. The exit status is
// non-zero when any step fails.
import puppeteer from "puppeteer-core";
import { serverURLFromArgs, steps } from "./client.mjs";

const url = serverURLFromArgs("browsercheck.mjs");
const { step, finish } = steps("browsercheck");

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  // Root cannot use Chromium's sandbox; the page is our own.
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});

const email = `browser-${Date.now()}@example.com`;
const password = "correct-horse-battery";
const timeout = 10000;

async function signedIn(page, want) {
  await page.waitForSelector(`body[data-signed-in="${want ? "yes" : "no"}"]`, { timeout });
}

// fill replaces the value of a field, as select-all and typing would.
async function fill(page, sel, value) {
  await page.$eval(sel, (el) => { el.value = ""; });
  await page.type(sel, value);
}

async function text(page, sel) {
  return page.$eval(sel, (el) => el.textContent);
}

try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));

  await step("page loads, nobody signed in", async () => {
    await page.goto(url + "/", { waitUntil: "load" });
    await signedIn(page, false);
  });

  await step("sign up from the form", async () => {
    await fill(page, "#sign-up [name=name]", "Browser User");
    await fill(page, "#sign-up [name=email]", email);
    await fill(page, "#sign-up [name=password]", password);
    await page.click("#sign-up button[type=submit]");
    await signedIn(page, true);
    const who = await text(page, "#who");
    if (!who.includes(email)) throw new Error(`#who says ${JSON.stringify(who)}`);
  });

  await step("session survives a reload", async () => {
    await page.reload({ waitUntil: "load" });
    await signedIn(page, true);
    const session = JSON.parse(await text(page, "#session"));
    if (session.user.email !== email) throw new Error(`session is ${JSON.stringify(session)}`);
  });

  await step("sign out", async () => {
    await page.click("#sign-out");
    await signedIn(page, false);
  });

  await step("wrong password shows the error", async () => {
    await fill(page, "#sign-in [name=email]", email);
    await fill(page, "#sign-in [name=password]", "wrong-password");
    await page.click("#sign-in button[type=submit]");
    await page.waitForFunction(
      () => document.getElementById("status").textContent === "Invalid email or password",
      { timeout });
    await signedIn(page, false);
  });

  await step("sign in from the form", async () => {
    await fill(page, "#sign-in [name=email]", email);
    await fill(page, "#sign-in [name=password]", password);
    await page.click("#sign-in button[type=submit]");
    await signedIn(page, true);
  });

  await step("application route sees the session", async () => {
    await page.click("#me");
    await page.waitForFunction(
      () => document.getElementById("status").textContent === "Hello, Browser User!",
      { timeout });
  });

  await step("outbox page renders", async () => {
    await page.goto(url + "/dev/outbox", { waitUntil: "load" });
    const h1 = await text(page, "h1");
    if (h1 !== "Development outbox") throw new Error(`h1 is ${JSON.stringify(h1)}`);
  });

  await step("no script errors", async () => {
    if (pageErrors.length) throw new Error(pageErrors.join("; "));
  });
} finally {
  await browser.close();
}

finish(url);
