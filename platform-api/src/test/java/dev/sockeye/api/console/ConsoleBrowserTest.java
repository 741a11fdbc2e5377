package dev.sockeye.api.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.ReplyServer;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Debian's Chromium (installed by .ci/run; Playwright never downloads one), against
 * the real platform with its embedded Postgres. With {@code -Dconsole.screenshots=DIR} it also saves the pages'
 * screenshots there (docs/console.md says how to regenerate docs/console/).
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static Playwright playwright;
    private static Browser browser;

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void launchChromium() {
        assertThat(CHROMIUM)
                .as("Debian's chromium (apt-get install chromium, as .ci/run does)")
                .isExecutable();
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--no-first-run",
                                "--disable-sync")));
    }

    @AfterAll
    static void closeChromium() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void aDeveloperSignsInCreatesAFunctionUploadsAGuestEditsItsRulesAndSignsOut() throws Exception {
        String token = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("browser");
        Path guest = Api.guestPath("hello_wagi.wasm");
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(guest)));
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
            Page page = context.newPage();
            List<String> consoleErrors = watchForErrors(page);

            page.navigate(url("/"));
            assertThat(page).hasURL(Pattern.compile(".*/console/sign-in$"));
            screenshot(page, "sign-in");
            signInOnThisPage(page, token);

            field(page, "Name").fill(name);
            field(page, "Description").fill("says hello from the browser test");
            field(page, "Routes").fill("/" + name);
            field(page, "Visibility").selectOption("public");
            page.locator("#create button[type=submit]").click();
            assertThat(page).hasURL(Pattern.compile(".*/console/functions/" + name + "$"));
            assertThat(page.locator("h1")).hasText(name);

            assertThat(page.locator("#versions")).containsText("No version yet.");
            // Drag and drop: the file arrives as a drop event's DataTransfer, as from a file manager.
            recordUploadStates(page);
            JSHandle transfer = page.evaluateHandle(
                    "([name, base64]) => { const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));"
                            + " const transfer = new DataTransfer();"
                            + " transfer.items.add(new File([bytes], name, { type: 'application/wasm' }));"
                            + " return transfer; }",
                    List.of("hello_wagi.wasm", Base64.getEncoder().encodeToString(Files.readAllBytes(guest))));
            page.locator("#upload").dispatchEvent("dragover", Map.of("dataTransfer", transfer));
            assertThat(page.locator("#upload")).hasClass(Pattern.compile("\\bdragging\\b"));
            page.locator("#upload").dispatchEvent("drop", Map.of("dataTransfer", transfer));
            assertThat(page.locator("#upload-result")).containsText("Uploaded version 1");
            assertThat(page.locator("#upload-result")).containsText(sha256);
            assertThat(page.locator("#upload-result")).containsText(Files.size(guest) + " bytes");
            assertThat(page.locator("#upload-result")).containsText("wasi_snapshot_preview1.fd_write");
            // The bar went to the end and says how it went; the page itself was not reloaded.
            assertThat(page.locator("#upload-progress")).isVisible();
            assertThat(page.locator("#upload-state")).hasText("Uploaded: done, see the result below.");
            assertThat(((Number) page.evaluate("document.getElementById('upload-bar').value")).intValue())
                    .isEqualTo(100);
            assertThat(uploadStates(page)).first().isEqualTo("Uploading…");
            assertThat(page).hasURL(Pattern.compile(".*/console/functions/" + name + "$"));
            // Only v1: nothing before it to roll back to, so no such control.
            assertThat(page.locator("#versions button", new Page.LocatorOptions().setHasText("Roll back")))
                    .hasCount(0);

            // A module the API refuses: each problem it reported, in place of the result.
            field(page, "WebAssembly module (.wasm)")
                    .setInputFiles(new com.microsoft.playwright.options.FilePayload(
                            "broken.wasm", "application/wasm", Api.moduleWithUnknownImports()));
            page.locator("#versions button[type=submit]:text-is('Upload')").click();
            assertThat(page.locator("#upload-error")).containsText("env.missing");
            assertThat(page.locator("#upload-error")).containsText("not_a_call");
            assertThat(page.locator("#upload-state")).hasText("Uploaded: refused (HTTP 422).");

            // The file picker, sent the same way: version 2, and now a roll back to v1 is offered.
            field(page, "WebAssembly module (.wasm)").setInputFiles(guest);
            page.locator("#versions button[type=submit]:text-is('Upload')").click();
            assertThat(page.locator("#upload-result")).containsText("Uploaded version 2");
            page.locator("#versions button", new Page.LocatorOptions().setHasText("Roll back to the version before v2"))
                    .click();
            assertThat(page.locator("dl.facts dd").first()).hasText("v1");

            // Try it: the trigger's answer (status, headers, body) and the run's stderr tail.
            page.locator("#try button[type=submit]").click();
            assertThat(page.locator("#try-answer")).containsText("GET /fn/" + name + " answered 200");
            assertThat(page.locator("#try-answer")).containsText("text/plain");
            assertThat(page.locator("#try-answer")).containsText("sockeye-invocation-id");
            assertThat(page.locator("#try-answer pre.body").first()).containsText("hello from sockeye");
            assertThat(page.locator("#try-stderr")).isVisible();

            field(page, "Add a rule").fill("tcp://db.internal");
            page.locator("#egress button:text-is('Add rule')").click();
            assertThat(page.locator("#rule-error")).containsText("rules[0]");
            assertThat(field(page, "Add a rule")).hasValue("tcp://db.internal");
            assertThat(field(page, "Add a rule")).hasAttribute("aria-invalid", "true");

            field(page, "Add a rule").fill("tcp://db.internal:5432");
            page.locator("#egress button:text-is('Add rule')").click();
            assertThat(page.locator("#rules")).containsText("tcp://db.internal:5432");
            assertThat(page.locator("#rule-error")).hasCount(0);
            assertThat(store.egressPolicies().get(name).rules()).containsExactly("tcp://db.internal:5432");
            assertFitsAPhone(page);
            screenshot(page, "function");

            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Edit as text, check a destination, history"))
                    .click();
            field(page, "Rules, one per line").fill("tcp://db.internal:5432\n*://*:*\nudp://dns.internal");
            assertThat(page.locator("#check-error")).containsText("rules[2]");
            field(page, "Rules, one per line").fill("tcp://db.internal:5432\n*://*:*");
            assertThat(page.locator("#check-ok")).containsText("2 rule(s), all valid.");
            assertThat(page.locator("#policy-check")).containsText("Broad rule");
            field(page, "Destination").fill("tcp://db.internal:5432");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask"))
                    .click();
            assertThat(page.locator("#would-allow-answer")).containsText("allowed by tcp://db.internal:5432");
            assertThat(page.locator("#history")).containsText("+ tcp://db.internal:5432");
            screenshot(page, "policy");

            // The overview's charts, of this function (one invocation from "try it"), drawn by uPlot.
            page.navigate(url("/console/overview?function=" + name));
            assertThat(page.locator("#charts-state")).containsText("60 minute(s)");
            assertThat(page.locator("#charts .uplot canvas")).hasCount(4);
            assertThat(page.locator("#totals")).containsText("invocation(s)");
            assertThat(page.locator("#totals")).not().containsText("<strong>0</strong> invocation(s)");
            // One invocation is one latency value with no neighbour to join: it must still be drawn, as a point.
            assertThat(pixelsOfColour(page, "latency", 0x1f5fa8))
                    .as("p50 pixels (#1f5fa8) in the latency chart of a single invocation")
                    .isPositive();
            assertThat(pixelsOfColour(page, "latency", 0xb3261e))
                    .as("p99 pixels (#b3261e) in the latency chart of a single invocation")
                    .isPositive();
            assertFitsAPhone(page);
            screenshot(page, "overview");

            page.navigate(url("/console/functions"));
            field(page, "Filter by name").fill(name);
            assertThat(page.locator("#function-rows tbody tr")).hasCount(1);
            assertThat(page.locator("#function-rows")).containsText("v1");
            assertThat(page.locator("#function-rows td.p50")).hasText(Pattern.compile("\\d+(\\.\\d)? ms"));
            assertThat(page.locator("#function-rows td.p99")).hasText(Pattern.compile("\\d+(\\.\\d)? ms"));
            assertFitsAPhone(page);
            screenshot(page, "functions");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                    .click();
            assertThat(page).hasURL(Pattern.compile(".*/console/sign-in$"));
            page.navigate(url("/console/functions/" + name));
            assertThat(page).hasURL(Pattern.compile(".*/console/sign-in$"));
            assertThat(consoleErrors)
                    .as("browser console errors (CSP violations, failed scripts, missing assets)")
                    .isEmpty();
        }
    }

    @Test
    void aDenialAppearsLiveAndOneClickOnAllowLetsTheNextInvocationThrough() throws Exception {
        String token = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("live");
        try (ReplyServer server = ReplyServer.start("pong-" + name);
                BrowserContext context =
                        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
            String destination = "tcp://127.0.0.1:" + server.port();
            Api.deployDialer(token, name, server.port());
            Page page = context.newPage();
            List<String> consoleErrors = watchForErrors(page);
            signIn(page, token);
            page.navigate(url("/console/denials?function=" + name));
            assertThat(page.locator("#feed-state")).hasText("Live: connected");

            io.restassured.response.Response denied =
                    Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() != 404);
            assertThat(denied.asString()).doesNotContain("pong-" + name);
            Locator row = page.locator("#denial-rows tr", new Page.LocatorOptions().setHasText(destination))
                    .first();
            assertThat(row).containsText("denied");
            assertThat(row).containsText("(connect)");
            assertThat(page.locator("#no-denials")).hasCount(0);
            assertFitsAPhone(page);
            screenshot(page, "denials");

            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Allow " + destination + " for " + name))
                    .click();
            assertThat(row.locator(".allowed")).containsText("Added rule " + destination + " to " + name);
            assertThat(store.egressPolicies().get(name).rules()).containsExactly(destination);
            io.restassured.response.Response allowed = Api.eventually(
                    () -> RestAssured.get("/fn/" + name),
                    response -> response.asString().contains("reply=pong-" + name));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(consoleErrors)
                    .as("browser console errors (CSP violations, failed scripts, missing assets)")
                    .isEmpty();
        }
    }

    @Test
    void aViewerWatchesTheFeedWithoutAllowButtonsAndTheServerRefusesItsAllow() throws Exception {
        String developer = Api.token(store, Role.DEVELOPER);
        String name = Api.unique("watched");
        try (ReplyServer server = ReplyServer.start("must-not-be-read");
                BrowserContext context =
                        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
            String destination = "tcp://127.0.0.1:" + server.port();
            Api.deployDialer(developer, name, server.port());
            Page page = context.newPage();
            List<String> consoleErrors = watchForErrors(page);
            String viewerName = Api.unique("feed-viewer");
            signIn(page, store.tokens().issue(viewerName, Role.VIEWER, "test").plainText());
            page.navigate(url("/console/denials?function=" + name));
            assertThat(page.locator("#feed-state")).hasText("Live: connected");
            Api.eventually(() -> RestAssured.get("/fn/" + name), response -> response.statusCode() != 404);
            Locator row = page.locator("#denial-rows tr", new Page.LocatorOptions().setHasText(destination))
                    .first();
            assertThat(row).containsText("denied");
            assertThat(page.locator("#denials button")).hasCount(0);

            // The same request the developer's button sends, with this viewer's own session and CSRF token.
            String csrf = page.locator("input[name=csrf]").first().inputValue();
            APIResponse refused = page.request()
                    .post(
                            url("/console/denials/allow"),
                            RequestOptions.create()
                                    .setHeader("HX-Request", "true")
                                    .setForm(FormData.create()
                                            .set("csrf", csrf)
                                            .set("function", name)
                                            .set("destination", destination)));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(store.egressPolicies().get(name).rules()).isEmpty();

            page.navigate(url("/console/functions/" + name));
            assertThat(page.locator("h1")).hasText(name);
            assertThat(page.getByLabel("Add a rule")).hasCount(0);
            assertThat(page.locator("button:text-is('Upload')")).hasCount(0);

            // The open feed ends with the session: revoked, it says "signed out" and stops (no reconnecting to a
            // stream that would only send it to the sign-in page).
            page.navigate(url("/console/denials?function=" + name));
            assertThat(page.locator("#feed-state")).hasText("Live: connected");
            store.tokens().revoke(viewerName);
            assertThat(page.locator("#feed-state")).containsText("Signed out");
            assertThat(page.locator("#feed-state a")).hasAttribute("href", "/console/sign-in");
            assertThat(consoleErrors).isEmpty();
        }
    }

    @Test
    void anAdminCreatesATokenAndCopiesItOnce() {
        String tokenName = Api.unique("browser-made");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
            context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
            Page page = context.newPage();
            List<String> consoleErrors = watchForErrors(page);
            signIn(page, Api.token(store, Role.ADMIN));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Tokens"))
                    .click();
            field(page, "Name").fill(tokenName);
            field(page, "Role").selectOption("developer");
            page.locator("#create button[type=submit]").click();
            assertThat(page.locator("#issued")).containsText("Created token " + tokenName);
            String secret = field(page, "Token").inputValue();
            assertThat(secret).startsWith("sockeye_");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy"))
                    .click();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copied")))
                    .isVisible();
            assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(secret);
            assertThat(page.locator("#token-rows")).containsText(tokenName);
            // An admin's bar has five links: at a phone's width they wrap instead of running off the window.
            assertFitsAPhone(page);
            // The tokens of every test fill the list: the first screen is the picture worth keeping.
            screenshot(page, "tokens", false);
            // Shown once: the list page does not carry it.
            page.navigate(url("/console/tokens"));
            assertThat(page.locator("#issued")).hasCount(0);
            assertThat(page.content()).doesNotContain(secret);
            assertThat(consoleErrors).isEmpty();
        }
    }

    /** Keeps every text the upload's progress line shows, in order, in {@code window.uploadStates}. */
    private static void recordUploadStates(Page page) {
        page.evaluate("() => { window.uploadStates = [];"
                + " new MutationObserver(() => window.uploadStates.push("
                + "document.getElementById('upload-state').textContent))"
                + ".observe(document.getElementById('upload-state'), { childList: true, characterData: true,"
                + " subtree: true }); }");
    }

    @SuppressWarnings("unchecked")
    private static List<String> uploadStates(Page page) {
        return (List<String>) page.evaluate("window.uploadStates");
    }

    /** Browser console errors and failed sub-resources; a refused form answers 4xx on purpose and is not one. */
    private static List<String> watchForErrors(Page page) {
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") && !message.text().startsWith("Failed to load resource")) {
                errors.add(message.text());
            }
        });
        page.onResponse(response -> {
            // An htmx form's refusal is swapped in on purpose, like a refused form's page.
            boolean refusedForm = response.request().method().equals("POST")
                    && response.request().headers().containsKey("hx-request");
            if (response.status() >= 400 && !response.request().resourceType().equals("document") && !refusedForm) {
                errors.add(response.status() + " " + response.url());
            }
        });
        return errors;
    }

    private void signIn(Page page, String token) {
        page.navigate(url("/console/sign-in"));
        signInOnThisPage(page, token);
    }

    private static void signInOnThisPage(Page page, String token) {
        field(page, "API token").fill(token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/console/functions$"));
    }

    private static com.microsoft.playwright.Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /** How many pixels of the chart of {@code series} are (nearly, for anti-aliasing) of colour {@code rgb}. */
    private static int pixelsOfColour(Page page, String series, int rgb) {
        Object count = page.evaluate(
                "([series, r, g, b]) => {"
                        + " const canvas = document.querySelector(`#charts .plot[data-series=${series}] canvas`);"
                        + " const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)"
                        + ".data;"
                        + " let count = 0;"
                        + " for (let i = 0; i < pixels.length; i += 4) {"
                        + "   if (pixels[i + 3] > 128 && Math.abs(pixels[i] - r) < 40"
                        + "       && Math.abs(pixels[i + 1] - g) < 40 && Math.abs(pixels[i + 2] - b) < 40) count++;"
                        + " }"
                        + " return count; }",
                List.of(series, rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff));
        return ((Number) count).intValue();
    }

    /** At a phone's width (390 px) nothing on the page reaches past the window: only tables scroll, in their box. */
    private static void assertFitsAPhone(Page page) {
        var desktop = page.viewportSize();
        page.setViewportSize(390, 844);
        Object width = page.evaluate("document.documentElement.scrollWidth");
        Object overflowing = page.evaluate("[...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > 390)"
                + ".map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')"
                + " + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 12).join(', ')");
        page.setViewportSize(desktop.width, desktop.height);
        assertThat(((Number) width).intValue())
                .as("page width at 390 px; elements reaching past it: %s", overflowing)
                .isLessThanOrEqualTo(390);
    }

    /** NAME.png at the desktop width and NAME-phone.png at a phone's (390 px), when screenshots are asked for. */
    private static void screenshot(Page page, String name) {
        screenshot(page, name, true);
    }

    /** As {@link #screenshot(Page, String)}, of the whole page or only of what fits the window. */
    private static void screenshot(Page page, String name, boolean fullPage) {
        String dir = System.getProperty("console.screenshots");
        if (dir != null && !dir.isBlank()) {
            var desktop = page.viewportSize();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of(dir, name + ".png"))
                    .setFullPage(fullPage));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of(dir, name + "-phone.png"))
                    .setFullPage(fullPage));
            page.setViewportSize(desktop.width, desktop.height);
        }
    }
}
