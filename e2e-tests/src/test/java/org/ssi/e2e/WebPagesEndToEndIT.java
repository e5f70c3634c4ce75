package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.Stack;

/**
 * The web pages in a real browser (headless Chromium): each person logs in on Keycloak's own page through the
 * ssi-portal client (code flow with PKCE) and sees what the API gives them with their token. Screenshots of every
 * page land in target/screenshots. Skipped, not failed, on a machine without Chromium and chromedriver.
 */
@Order(2)
class WebPagesEndToEndIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("ssi.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("ssi.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("ssi.screenshots", "target/screenshots"));
    private static final Duration PAGE_LIMIT = Duration.ofSeconds(60);
    private static final List<String> PILLARS = List.of("brand", "find", "engage", "relationships");

    private static Stack stack;
    private static String gateway;
    private static String api;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;
    private Path downloads;

    @BeforeAll
    static void startTheSuiteWithTheDemoOrganisation() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
                        + " (set -Dssi.chromium and -Dssi.chromedriver): the browser tests are skipped");
        stack = SharedStack.get();
        gateway = stack.config().gatewayUrl();
        api = gateway + "/api/v1";
        String ingestToken = Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest());
        // Idempotent: after SuiteEndToEndIT it finds everything loaded; alone, it loads the organisation.
        new DemoData(gateway, ingestToken, token("root")).load(LocalDate.now(ZoneOffset.UTC));
        awaitApi(
                "/teams/emea-enterprise/ssi",
                token("root"),
                team -> team.get("size").asInt() == 24);
        // Managers and reps see group figures from releases, counting the members who were in the previous one too.
        for (int release = 0; release < 2; release++) {
            Http.Answer published = Http.send("POST", api + "/admin/releases", token("root"), "");
            assertEquals(201, published.status(), published.body());
        }
        loadOutcomes(ingestToken);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Opportunities over the last 30 days for the 24 members of emea-enterprise, so the analyst has a chart. */
    private static void loadOutcomes(String ingestToken) {
        List<String> members = new ArrayList<>(List.of("alice", "maria"));
        for (int i = 1; i <= 10; i++) {
            members.add("emea-rep-%02d".formatted(i));
        }
        for (int i = 1; i <= 12; i++) {
            members.add("dach-rep-%02d".formatted(i));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            outcomes.add("""
                    {"outcomeId": "web-%s", "memberId": "%s", "metric": "opportunities", "periodStart": "%s",
                     "periodEnd": "%s", "value": %d}""".formatted(members.get(i), members.get(i), today.minusDays(29), today, 3 + (i * 7) % 11));
        }
        Answer posted = Http.send(
                "POST", api + "/outcomes", ingestToken, "{\"outcomes\": [" + String.join(",", outcomes) + "]}");
        assertEquals(200, posted.status(), posted.body());
    }

    @BeforeEach
    void openAFreshBrowser() throws Exception {
        profile = Files.createTempDirectory("ssi-chromium-");
        downloads = Files.createTempDirectory("ssi-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        Map<String, Object> preferences = new HashMap<>();
        preferences.put("download.default_directory", downloads.toString());
        preferences.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", preferences);
        // The console, where Chromium reports what the gateway's Content-Security-Policy refused.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, PAGE_LIMIT);
    }

    @AfterEach
    void closeTheBrowser(TestInfo test) throws Exception {
        List<String> refused = List.of();
        if (browser != null) {
            refused = policyViolations();
            // What the browser showed last, to look at when a test fails.
            try {
                screenshot("last-"
                        + test.getTestMethod()
                                .map(java.lang.reflect.Method::getName)
                                .orElse("test"));
            } catch (RuntimeException e) {
                // the browser is gone; the test's own failure says why
            }
            browser.quit();
        }
        SharedStack.deleteRecursively(profile);
        SharedStack.deleteRecursively(downloads);
        // Every page of every test works under the gateway's policy: nothing it refused, so nothing missing.
        assertEquals(List.of(), refused, "what the Content-Security-Policy refused");
    }

    /** The console messages in which Chromium reports a resource or inline code the page's policy refused. */
    private List<String> policyViolations() {
        try {
            return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage)
                    .filter(message -> message.contains("Content Security Policy"))
                    .toList();
        } catch (RuntimeException e) {
            return List.of(); // the browser is gone; the test's own failure says why
        }
    }

    /** What the page says of a released rank: "Top X% of …", or that it is withheld. */
    private static String rankWords(JsonNode rank, String name) {
        return rank.get("topPercent").isNull()
                ? "Rank withheld"
                : "Top " + rank.get("topPercent").asInt() + "% of " + name;
    }

    @Test
    void shows_alice_her_score_and_four_pillars_as_the_api_gives_them() throws Exception {
        logIn("alice");
        awaitPage("me");
        JsonNode me = pageMatchingTheApi("/me/ssi", token("alice"), "score", body -> fixed(body.get("score")));
        for (String pillar : PILLARS) {
            assertEquals(fixed(me.get("pillars").get(pillar)) + " / 25", text("pillar-" + pillar), pillar);
        }
        JsonNode industry = me.get("industry");
        assertEquals(rankWords(industry, "industry " + industry.get("code").asText()), text("industry-rank"));
        assertEquals(rankWords(me.get("network"), "your network"), text("network-rank"));
        assertTrue(
                text("industry-rank-average").startsWith("Average score ")
                        || text("industry-rank-average").startsWith("Rank and average withheld"),
                text("industry-rank-average"));
        assertTrue(text("ranks-released")
                .startsWith(
                        "Released figures of " + me.get("release").get("day").asText()));
        assertFalse(browser.findElements(By.cssSelector("#recommendations li")).isEmpty(), "next actions shown");
        assertFalse(
                browser.findElements(By.cssSelector("[aria-labelledby=history-title] svg path"))
                        .isEmpty(),
                "a history chart");
        assertAccessible();
        screenshot("alice-dashboard");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        awaitPage("me");
        assertEquals(fixed(me.get("score")), text("score"), "still logged in after a reload");
        Number overflow = (Number) script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(overflow.intValue() <= 0, "nothing wider than a phone: " + overflow);
        screenshot("alice-dashboard-phone");
    }

    @Test
    void logs_alice_out_of_the_page_and_of_keycloak() {
        logIn("alice");
        awaitPage("me");
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login")));
        assertTrue(browser.getCurrentUrl().startsWith(gateway), browser.getCurrentUrl());
        assertEquals(null, script("return sessionStorage.getItem('ssi.tokens');"), "no token left in the page");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    @Test
    void shows_maria_emea_enterprise_and_emea_dach_without_a_single_person() throws Exception {
        logIn("maria");
        awaitPage("me");
        browser.findElement(By.cssSelector("#nav a[data-page=teams]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("(emea-dach)")));
        browser.findElement(By.partialLinkText("(emea-enterprise)")).click();
        JsonNode enterprise = pageMatchingTheApi(
                "/teams/emea-enterprise/ssi",
                token("maria"),
                "team-size",
                body -> body.get("size").asText());
        assertEquals(fixed(enterprise.get("average")), text("team-average"));
        assertEquals(fixed(enterprise.get("median")), text("team-median"));
        assertEquals(enterprise.get("leaders").asText(), text("team-leaders"));
        assertEquals(enterprise.get("laggards").asText(), text("team-laggards"));
        String page = browser.findElement(By.tagName("main")).getText();
        assertFalse(page.contains("alice") || page.contains("Alice") || page.contains("EMEA Rep"), page);
        assertAccessible();
        screenshot("maria-team-emea-enterprise");

        try {
            browser.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        } catch (RuntimeException e) {
            // older drivers: the download.default_directory preference applies
        }
        browser.findElement(By.xpath("//button[text()='Export CSV']")).click();
        Path csv = downloads.resolve("team-emea-enterprise-ssi.csv");
        wait.until(driver -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("day,size,average,median,brand,find,engage,relationships", lines.get(0));
        assertEquals(91, lines.size(), "one row per day of the last 90 days");

        browser.findElement(By.partialLinkText("(emea-dach)")).click();
        // The released size is noisy (docs/privacy.md): the page shows the one the API gives.
        String dachSize = Http.get(api + "/teams/emea-dach/ssi", token("maria"))
                .json()
                .get("size")
                .asText();
        wait.until(ExpectedConditions.textToBe(By.id("team-size"), dachSize));
        assertTrue(text("team-released").startsWith("Released figures of "), text("team-released"));
        screenshot("maria-team-emea-dach");
    }

    @Test
    void shows_mike_why_startup_desk_has_no_figures_using_only_the_keyboard() throws Exception {
        browser.get(gateway + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login")));
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertEquals("skip", browser.switchTo().activeElement().getAttribute("class"), "the skip link comes first");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertEquals("login", browser.switchTo().activeElement().getAttribute("id"));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        typeCredentials("mike");
        awaitPage("me");
        browser.findElement(By.cssSelector("#nav a[data-page=teams]")).click();
        WebElement refusal =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [data-problem]")));
        assertEquals("urn:ssi:problem:group-too-small", refusal.getAttribute("data-problem"));
        assertTrue(refusal.getText().contains("at least 10 scored members"), refusal.getText());
        assertTrue(browser.findElements(By.id("team-size")).isEmpty(), "no figure of a team of six");
        assertTrue(browser.getCurrentUrl().endsWith("#/teams/startup-desk"), browser.getCurrentUrl());
        screenshot("mike-team-startup-desk");
    }

    @Test
    void shows_ana_industries_side_by_side_and_the_outcomes_chart() throws Exception {
        logIn("ana");
        awaitPage("analysis");
        WebElement codes = browser.findElement(By.id("industry-codes"));
        codes.clear();
        codes.sendKeys("software, financial-services, retail", Keys.ENTER);
        WebElement softwareSize = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='industries']//th[text()='software']/following-sibling::td[1]")));
        JsonNode figures =
                Http.get(api + "/industries/software/ssi", token("ana")).json();
        assertEquals(figures.get("size").asText(), softwareSize.getText());
        List<WebElement> refused = browser.findElements(By.cssSelector("main [data-problem]"));
        assertEquals(2, refused.size(), "financial-services and retail have fewer than ten members");
        assertEquals("urn:ssi:problem:group-too-small", refused.get(0).getAttribute("data-problem"));

        JsonNode insight = Http.get(api + "/insights/outcomes?metric=opportunities", token("ana"))
                .json();
        assertEquals(insight.get("n").asText(), text("outcome-n"));
        assertFalse(
                browser.findElements(By.cssSelector("[aria-labelledby=outcomes-title] svg polygon"))
                        .isEmpty(),
                "the fitted line's interval is drawn");
        assertAccessible();
        screenshot("ana-analysis");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void logIn(String login) {
        browser.get(gateway + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login"))).click();
        typeCredentials(login);
    }

    private void typeCredentials(String login) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(login);
        browser.findElement(By.id("password")).sendKeys(login);
        browser.findElement(By.id("kc-login")).click();
        wait.until(driver -> driver.getCurrentUrl().startsWith(gateway));
    }

    private void awaitPage(String page) {
        wait.until(driver -> page.equals(script("return document.body.dataset.ready;")));
    }

    /**
     * Scores move while the feeds catch up: reloads the page until the element shows what the API answers at the
     * same moment, and answers the API's body.
     */
    private JsonNode pageMatchingTheApi(
            String path, String token, String elementId, java.util.function.Function<JsonNode, String> expected) {
        JsonNode[] last = new JsonNode[1];
        String[] shown = new String[1];
        try {
            wait.until(driver -> {
                if (driver.findElements(By.id(elementId)).isEmpty()) {
                    return false;
                }
                shown[0] = driver.findElement(By.id(elementId)).getText();
                Answer answer = Http.get(api + path, token);
                last[0] = answer.json();
                if (answer.status() == 200 && expected.apply(last[0]).equals(shown[0])) {
                    return true;
                }
                driver.navigate().refresh();
                return false;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page shows " + shown[0] + ", the API " + last[0], e);
        }
        return last[0];
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** Every form control has a label and every chart a text alternative. */
    private void assertAccessible() {
        assertEquals(
                0L,
                script("return [...document.querySelectorAll('input, select')]"
                        + ".filter(e => e.labels.length === 0).length;"),
                "unlabelled controls");
        assertEquals(
                0L,
                script("return [...document.querySelectorAll('main svg')]"
                        + ".filter(e => e.getAttribute('role') !== 'img' || !e.getAttribute('aria-label')).length;"),
                "charts without a text alternative");
    }

    /** The whole page, not only the window: Chromium's own capture beyond the viewport. */
    private void screenshot(String name) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics =
                (Map<String, Object>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip =
                Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static String fixed(JsonNode number) {
        return String.format(Locale.ROOT, "%.2f", number.asDouble());
    }

    private static String token(String login) {
        return Http.passwordToken(stack.config().realmUrl(), login, login);
    }

    private static JsonNode awaitApi(String path, String token, java.util.function.Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + PAGE_LIMIT.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = Http.get(api + path, token);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError(path + " never met the condition; last answer "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }
}
