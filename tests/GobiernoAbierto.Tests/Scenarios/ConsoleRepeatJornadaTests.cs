using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A staff reviewer: a Jornada outside the Plan de Acción that ended in a certified tie offered «Crear una nueva
/// Jornada…», which opened the blank form; staff typed its title, identifier and every colonia again, then both projects
/// on the new Jornada's page. A process's Jornada is called again with the same finalists in one step.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_staff_repeat_a_jornada_that_chose_no_project(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    /// <summary>Not the test helper's two works: a description on two lines and an amount with centavos, copied as they are.</summary>
    private static readonly SetBallotOptions EarlierWorks = new([
        new BallotOptionInput("Techumbre de la plaza", "Techumbre para la plaza del barrio,\ncon bancas y bebedero.", 1_234_567.89m),
        new BallotOptionInput("Parque lineal", "Parque lineal a lo largo del dren", 987_654m),
    ]);

    /// <summary>A Jornada outside any process, with CURP and two colonias, its tie certified by the IEEQ.</summary>
    private async Task<(JornadaDetails Jornada, IReadOnlyList<string> Colonias)> TiedAsync()
    {
        List<string> colonias = ["loma-bonita", "el-paraiso"]; // where the test ballots are cast, and another
        var (delegaciones, chosen) = Territory.ColoniaPicker.Chosen(colonias);
        var now = service.Clock.GetUtcNow();
        var created = await _api.CreateAsync(new CreateJornada("Jornada de la plaza " + Guid.NewGuid().ToString("N")[..6],
            now.AddHours(-1), now.AddHours(8), VoterIdKind.Curp, delegaciones, chosen));
        await _api.SetOptionsAsync(created.Id, EarlierWorks);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(created.Id));
        await _api.OpenAsync(created.Id);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, created.Id, Voters.UniqueCurp(), "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, created.Id, Voters.UniqueCurp(), "B"));
        await _api.CloseAsync(created.Id);
        await new ProcessApi(_api).CertifyAsync(created.Id);
        return (created, colonias);
    }

    private async Task<HttpClient> StaffAsync() =>
        await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));

    /// <summary>The new Jornada's form as a browser gets it: the address fixing the new Jornada's id first, then the page.</summary>
    private static async Task<(string Address, string Html)> NewFormAsync(HttpClient staff, string query)
    {
        var first = await staff.GetAsync("/consola/jornadas/nueva" + query);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var address = first.Headers.Location!.OriginalString;
        var page = await staff.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (address, await page.Content.ReadAsStringAsync());
    }

    private static string ValueOf(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\" type=\"[^\"]+\" value=\"([^\"]*)\"").Groups[1].Value);

    private static List<string> Ticked(string html, string name) =>
        Regex.Matches(html, $"<input type=\"(?:checkbox|radio)\" name=\"{Regex.Escape(name)}\" value=\"([^\"]+)\"[^>]*\\bchecked\\b").Select(m => m.Groups[1].Value).ToList();

    private static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task the_new_jornadas_form_comes_filled_in_from_a_tied_jornada_outside_any_process()
    {
        var (tied, colonias) = await TiedAsync();
        var staff = await StaffAsync();

        var jornadaPage = await staff.GetStringAsync($"/consola/jornadas/{tied.Id}");
        Assert.Contains($"href=\"/consola/jornadas/nueva?desde={tied.Id}\"", jornadaPage);

        var (address, form) = await NewFormAsync(staff, $"?desde={tied.Id}");
        // The page's own redirect fixes the new Jornada's id and keeps what it repeats.
        Assert.Matches($"^/consola/jornadas/nueva\\?jornada=[0-9a-f-]{{36}}&desde={tied.Id}$", address);
        Assert.Equal(tied.Title, ValueOf(form, "Form.Title"));
        Assert.Equal(["Curp"], Ticked(form, "Form.VoterIdKind"));
        Assert.Equal(colonias.Order(), Ticked(form, "Form.Colonias").Order());
        Assert.Contains($"<a href=\"/consola/jornadas/{tied.Id}\">", form);
        Assert.Contains($"Repite la Jornada <a href=\"/consola/jornadas/{tied.Id}\">«{tied.Title}»</a>, que no eligió proyecto", WebUtility.HtmlDecode(form));
        // The hours are the form's default, as for a blank one: tomorrow from 8:00 to 18:00.
        Assert.EndsWith("T08:00", ValueOf(form, "Form.OpensAt"));
        Assert.EndsWith("T18:00", ValueOf(form, "Form.ClosesAt"));
    }

    /// <summary>A standalone Jornada whose hours passed before anyone opened it showed «Abrir la votación…», which the rules refuse.</summary>
    [Fact]
    public async Task a_standalone_jornada_whose_window_lapsed_unopened_leads_to_the_form_that_repeats_it()
    {
        var now = service.Clock.GetUtcNow();
        var lapsed = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1), closesIn: TimeSpan.FromHours(2)));
        service.Clock.Offset += TimeSpan.FromHours(3); // given back at the end (the collection's other tests date requests by the machine's clock)
        try
        {
            var staff = await StaffAsync(); // signed in after the clock moved: a session idle three hours has ended
            var page = WebUtility.HtmlDecode(await staff.GetStringAsync($"/consola/jornadas/{lapsed.Id}"));
            Assert.Contains("La Jornada no se abrió y su periodo de votación ya terminó", page);
            // Its status too, here and in the public list: «En preparación» read as if a vote were still coming.
            Assert.Contains($"<dd data-jornada-status>{StatusLabels.NeverOpened}</dd>", page);
            var list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
            Assert.Equal(StatusLabels.NeverOpened, list.Single(j => j.Id == lapsed.Id).StatusLabel);
            Assert.Contains($"href=\"/consola/jornadas/nueva?desde={lapsed.Id}\"", page);
            Assert.DoesNotContain("Abrir la votación…", page);
            // Still «En preparación» for good otherwise: staff may withdraw it, as before its hours.
            Assert.Contains("Retirar esta Jornada…", page);
            var (_, form) = await NewFormAsync(staff, $"?desde={lapsed.Id}");
            Assert.Equal(lapsed.Title, ValueOf(form, "Form.Title"));
            Assert.Contains("data-repeats", form);
        }
        finally
        {
            service.Clock.Offset -= TimeSpan.FromHours(3);
        }
    }

    /// <summary>
    /// Online only, never opened, its online hours over: it read «No se abrió: su periodo de votación terminó», yet its page
    /// offered «Abrir la votación…» and the API opened it (its label changed back) while nobody could vote.
    /// </summary>
    [Fact]
    public async Task an_online_only_jornada_whose_online_hours_passed_unopened_is_not_opened_and_staff_are_told_what_would_let_it_open()
    {
        var lapsed = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromMinutes(10), onlineOpensIn: TimeSpan.FromMinutes(5),
            onlineClosesIn: TimeSpan.FromHours(1), kiosk: false);
        service.Clock.Offset += TimeSpan.FromHours(1.5); // given back at the end; the kiosks' window (8 hours) runs on
        try
        {
            var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{lapsed.Id}/open", null),
                HttpStatusCode.Conflict, "voting_window_over");
            Assert.StartsWith("Esta Jornada se vota solo en línea (no tiene kioscos) y la votación en línea terminó el", problem.GetProperty("detail").GetString());
            var list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
            Assert.Equal(StatusLabels.NeverOpened, list.Single(j => j.Id == lapsed.Id).StatusLabel);

            // Not repeated yet: a kiosk registered still lets it open (its letters printed its online hours).
            var staff = await StaffAsync();
            var page = WebUtility.HtmlDecode(await staff.GetStringAsync($"/consola/jornadas/{lapsed.Id}"));
            Assert.DoesNotContain($"href=\"/consola/jornadas/nueva?desde={lapsed.Id}\"", page);
            // The opening page says why and what would let it open, with no button to confirm.
            var opening = WebUtility.HtmlDecode(await staff.GetStringAsync($"/consola/jornadas/{lapsed.Id}/abrir"));
            Assert.Contains("data-code=\"voting_window_over\"", opening);
            Assert.Contains("Sus cartas ya llevan impreso ese horario: para que aún se vote, registre un kiosco", opening);
            Assert.DoesNotContain("Sí, abrir la votación", opening);
        }
        finally
        {
            service.Clock.Offset -= TimeSpan.FromHours(1.5);
        }
    }

    [Fact]
    public async Task a_desde_naming_nothing_it_may_repeat_gives_the_blank_form()
    {
        var staff = await StaffAsync();
        var (open, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        // A process's Jornada that chose nothing either (certified without ballots): it is called again from its process.
        var process = await new ProcessApi(_api).AtJornadaAsync();
        await _api.RegisterKioskAsync(process.JornadaId);
        await _api.OpenAsync(process.JornadaId);
        await _api.CloseAsync(process.JornadaId);
        await new ProcessApi(_api).CertifyAsync(process.JornadaId);

        foreach (var desde in new[] { "basura", "%00%27%22<script>", Guid.NewGuid().ToString(), Guid.Empty.ToString(), open.ToString(),
                     process.JornadaId.ToString(), process.Id.ToString(), "" })
        {
            var (address, form) = await NewFormAsync(staff, $"?desde={desde}");
            // An identifier is kept through the redirect (the form decides what it may repeat); anything else is dropped.
            if (Guid.TryParse(desde, out var id)) Assert.EndsWith($"&desde={id}", address);
            else Assert.DoesNotContain("desde", address);
            Assert.True(ValueOf(form, "Form.Title") == "", $"desde={desde}: a title filled in");
            Assert.True(Ticked(form, "Form.Colonias").Count == 0, $"desde={desde}: colonias ticked");
            Assert.DoesNotContain("data-repeats", form);
            Assert.DoesNotContain("Form.Desde", form);
        }
        // Also with the new Jornada's id already in the address.
        var page = await staff.GetAsync($"/consola/jornadas/nueva?jornada={Guid.NewGuid()}&desde={open}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("data-repeats", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_new_jornada_sets_the_earlier_jornadas_two_projects_in_one_step()
    {
        var (tied, colonias) = await TiedAsync();
        var staff = await StaffAsync();
        var (address, form) = await NewFormAsync(staff, $"?desde={tied.Id}");
        var newId = Guid.Parse(Regex.Match(address, "jornada=([0-9a-f-]{36})").Groups[1].Value);

        // «Crear la Jornada» as the browser sends the prefilled form.
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", Token(form)), new("Form.JornadaId", newId.ToString()), new("Form.Desde", tied.Id.ToString()),
            new("Form.Title", ValueOf(form, "Form.Title")), new("Form.OpensAt", ValueOf(form, "Form.OpensAt")),
            new("Form.ClosesAt", ValueOf(form, "Form.ClosesAt")), new("Form.VoterIdKind", Ticked(form, "Form.VoterIdKind").Single()),
        };
        fields.AddRange(Ticked(form, "Form.Colonias").Select(c => new KeyValuePair<string, string>("Form.Colonias", c)));
        var created = await staff.PostAsync("/consola/jornadas/nueva", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/consola/jornadas/{newId}?desde={tied.Id}", created.Headers.Location!.OriginalString);

        var page = await staff.GetStringAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("data-same-options", page);
        Assert.Contains("Fijar los mismos dos proyectos", page);
        var sent = await staff.PostAsync($"/consola/jornadas/{newId}?handler=SameOptions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["desde"] = tied.Id.ToString(), ["BallotShown"] = "none",
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var repeated = await VotingApi.Read<JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{newId}"));
        var earlier = await VotingApi.Read<JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{tied.Id}"));
        Assert.Equal(earlier.Options.Select(o => (o.Id, o.Title, o.Description, o.EstimatedCost)),
            repeated.Options.Select(o => (o.Id, o.Title, o.Description, o.EstimatedCost)));
        Assert.Equal(EarlierWorks.Options.Select(o => (o.Title, o.Description, o.EstimatedCost)),
            repeated.Options.Select(o => (o.Title, o.Description, o.EstimatedCost)));
        Assert.Equal((tied.Title, VoterIdKind.Curp), (repeated.Title, repeated.VoterIdKind));
        Assert.Equal(colonias.Order(), repeated.Delegaciones.SelectMany(d => d.Colonias).Select(c => c.Id).Order());

        // Set, the ballot shows with its correction form as for any Jornada; the offer is gone.
        var after = await staff.GetStringAsync($"/consola/jornadas/{newId}?desde={tied.Id}");
        Assert.DoesNotContain("data-same-options", after);
        Assert.Contains("Corregir los dos proyectos", after);
    }

    /// <summary>
    /// The API takes colonias the municipal catalogue does not list; the form's picker holds only the catalogue's, so a
    /// repeat dropped them without a word and the new Jornada's residents of those colonias could not vote.
    /// </summary>
    [Fact]
    public async Task colonias_outside_the_catalogue_are_offered_ticked_and_carried_to_the_new_jornada()
    {
        var catalogue = Territory.QueretaroTerritory.Plan2020;
        var known = catalogue.Colonias[0];
        var ownDelegacion = new Territory.Delegacion("santa-rosa-jauregui-" + Guid.NewGuid().ToString("N")[..6], "Santa Rosa Jáuregui");
        Territory.Colonia[] colonias =
        [
            known,
            new("ampliacion-" + Guid.NewGuid().ToString("N")[..6], "Ampliación Los Ángeles", known.DelegacionId), // a catalogue delegación
            new("la-solana-" + Guid.NewGuid().ToString("N")[..6], "La Solana", ownDelegacion.Id),
        ];
        var now = service.Clock.GetUtcNow();
        var earlier = await _api.CreateAsync(new CreateJornada("Jornada con colonias nuevas " + Guid.NewGuid().ToString("N")[..6],
            now.AddDays(1), now.AddDays(1).AddHours(8), VoterIdKind.ClaveElector,
            [catalogue.FindDelegacion(known.DelegacionId)!, ownDelegacion], colonias));
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{earlier.Id}/withdraw",
            new WithdrawJornada("Se creó con el horario equivocado."), VotingApi.Json), HttpStatusCode.OK);
        var staff = await StaffAsync();

        var (address, form) = await NewFormAsync(staff, $"?desde={earlier.Id}");
        Assert.Equal(colonias.Select(c => c.Id).Order(), Ticked(form, "Form.Colonias").Order());
        var decoded = WebUtility.HtmlDecode(form);
        Assert.Contains("Fuera del catálogo municipal (de la Jornada que se repite)", decoded);
        Assert.Contains("La Solana (delegación Santa Rosa Jáuregui)", decoded);
        Assert.Contains($"Ampliación Los Ángeles (delegación {catalogue.FindDelegacion(known.DelegacionId)!.Name})", decoded);

        var newId = Guid.Parse(Regex.Match(address, "jornada=([0-9a-f-]{36})").Groups[1].Value);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", Token(form)), new("Form.JornadaId", newId.ToString()), new("Form.Desde", earlier.Id.ToString()),
            new("Form.Title", ValueOf(form, "Form.Title")), new("Form.OpensAt", ValueOf(form, "Form.OpensAt")),
            new("Form.ClosesAt", ValueOf(form, "Form.ClosesAt")), new("Form.VoterIdKind", Ticked(form, "Form.VoterIdKind").Single()),
        };
        fields.AddRange(Ticked(form, "Form.Colonias").Select(c => new KeyValuePair<string, string>("Form.Colonias", c)));
        // An id of neither the catalogue nor the earlier Jornada, as a hand-made request could send: not taken.
        fields.Add(new("Form.Colonias", "inventada"));
        var created = await staff.PostAsync("/consola/jornadas/nueva", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var repeated = await VotingApi.Read<JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{newId}"));
        Assert.Equal(colonias.Select(c => (c.Id, c.Name)).Order(),
            repeated.Delegaciones.SelectMany(d => d.Colonias).Select(c => (c.Id, c.Name)).Order());
        Assert.Equal(new[] { known.DelegacionId, ownDelegacion.Id }.Order(), repeated.Delegaciones.Select(d => d.Id).Order());
        Assert.Equal("Santa Rosa Jáuregui", repeated.Delegaciones.Single(d => d.Id == ownDelegacion.Id).Name);

        // The blank form offers none of them: they belong to the Jornada being repeated, not to the catalogue.
        var (_, blank) = await NewFormAsync(staff, "");
        Assert.DoesNotContain("data-outside-catalogue", blank);
        Assert.DoesNotContain("La Solana", blank);
    }
}
