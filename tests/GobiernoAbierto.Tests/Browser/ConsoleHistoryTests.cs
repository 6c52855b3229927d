using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A refused console form is drawn as the answer to its POST. Going on to another page and coming Back used to land on
/// the browser's own English «Confirm form resubmission» (ERR_CACHE_MISS): the page comes back as the form, asked anew.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_go_back_to_a_refused_form(ServiceFixture service, ChromiumFixture chromium)
{
    [Fact]
    public async Task the_form_comes_back_instead_of_the_browsers_resubmission_error()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        var before = await service.Client().GetFromJsonAsync<List<Jornadas.JornadaSummary>>("/api/jornadas", VotingApi.Json);

        await page.GetByRole(AriaRole.Button, new() { Name = "Crear la Jornada", Exact = true }).ClickAsync(); // nothing filled in
        await Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Jornadas" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Jornadas");

        var back = await page.GoBackAsync();

        Assert.NotNull(back);
        Assert.Equal(200, back.Status);
        Assert.Equal("GET", back.Request.Method); // asked anew, not sent again
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nueva Jornada");
        var after = await service.Client().GetFromJsonAsync<List<Jornadas.JornadaSummary>>("/api/jornadas", VotingApi.Json);
        Assert.Equal(before!.Count, after!.Count);
    }
}
