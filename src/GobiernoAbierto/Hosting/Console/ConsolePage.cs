using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GobiernoAbierto.Hosting.Console;

/// <summary>
/// What every console page shares: the person signed in (their name goes into the events they cause) and the rules'
/// Spanish answers shown on the page, next to the field they concern when there is one.
/// </summary>
public abstract class ConsolePage : PageModel
{
    /// <summary>The rule that refused the last command, shown at the top of the page.</summary>
    public Rejection? Refusal { get; private set; }

    /// <summary>A confirmation shown once after a redirect ("Se abrió la Jornada").</summary>
    [TempData]
    public string? Done { get; set; }

    protected string Actor => User.Actor();

    /// <summary>
    /// A POST naming a handler the page does not have (?handler=Nada) would render the page without loading what it
    /// shows, and fail: it is a 404, like an unknown address.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
        {
            context.Result = NotFound();
            return;
        }
        await next();
    }

    /// <summary>The rules' messages for one field, for a control _Field.cshtml does not draw (a group of checkboxes).</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>What the page shows: its Jornada, process, table… False when there is no such thing (404).</summary>
    protected virtual Task<bool> LoadAsync(CancellationToken cancellation) => Task.FromResult(true);

    /// <summary>
    /// After a command: the rule's refusal on the page as it is now (next to <paramref name="field"/> when given), or the
    /// confirmation, shown once after a redirect (to this page, or to <paramref name="then"/>).
    /// </summary>
    protected async Task<IActionResult> AnswerAsync(Rejection? refusal, string done, CancellationToken cancellation, string? then = null,
        string? field = null)
    {
        if (refusal is not null) return await LoadAsync(cancellation) ? Refuse(refusal, field) : NotFound();
        Done = done;
        return then is null ? RedirectToPage() : Redirect(then);
    }

    /// <summary>
    /// This message alone next to the field, 400: what the rules said of a value that could not even be read (an amount
    /// written two ways) is beside the point.
    /// </summary>
    protected void OnlyError(string field, string message)
    {
        if (ModelState.TryGetValue(field, out var entry)) entry.Errors.Clear();
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>
    /// A date field read (<see cref="Jornadas.Console.LocalTime.ReadDay"/>); when there is no day in it, the reason next to
    /// the field: <paramref name="whenEmpty"/> for an empty one (none: the field is optional), else what is wrong with what
    /// was typed (a day the calendar does not have, 31/02/2021, is said as such).
    /// </summary>
    protected DateOnly? ReadDay(string? value, string field, string? whenEmpty)
    {
        var day = Jornadas.Console.LocalTime.ReadDay(value, out var problem);
        if (day is null && (problem ?? whenEmpty) is { } message) ModelState.AddModelError(field, message);
        return day;
    }

    /// <summary>A datetime-local field read (<see cref="Jornadas.Console.LocalTime.ReadTime"/>), as <see cref="ReadDay"/>.</summary>
    protected DateTimeOffset? ReadTime(string? value, string field, string? whenEmpty)
    {
        var time = Jornadas.Console.LocalTime.ReadTime(value, out var problem);
        if (time is null && (problem ?? whenEmpty) is { } message) ModelState.AddModelError(field, message);
        return time;
    }

    /// <summary>A form the validators refused: the page again with their messages, 400.</summary>
    protected async Task<IActionResult> InvalidAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected IActionResult Refuse(Rejection rejection, string? field = null)
    {
        Refusal = rejection;
        if (field is not null) ModelState.AddModelError(field, rejection.Detail);
        Response.StatusCode = rejection.Status;
        return Page();
    }

    /// <summary>
    /// Runs the command's validator (the one the API runs); each message lands next to its field: the form field
    /// <paramref name="fieldOf"/> names for the command's property, else prefix.Property. Every message is also listed
    /// at the top of the page (_Refusal). Run it even when the page already refused a value it could not read, so that
    /// every mistake is reported at once; a field that already says why it could not be read (a date, an amount) keeps
    /// that message alone: what the rules say of the stand-in value is beside the point.
    /// </summary>
    protected bool Validate<T>(T command, string prefix, IReadOnlyDictionary<string, string>? fieldOf = null)
    {
        var errors = (HttpContext.RequestServices.GetService<IValidator<T>>()?.Validate(command).Errors ?? [])
            .Select(e => (Path: e.PropertyName, Message: e.ErrorMessage)).ToList();
        // What the API refuses before any validator (a control character, a date out of range) is refused here too.
        // (A field the validator already speaks of keeps its message: a date left empty is also 01/01/0001.)
        if (command is not null)
            errors.InsertRange(0, RequestValidation.FindFlaws(command).Where(f => errors.All(e => e.Path != f.Path))
                // In a form the empty identifier is a list left on «Elija…».
                .Select(f => (f.Path, f.FieldMessage == RequestValidation.EmptyIdentifier ? "Elija una opción de la lista." : f.FieldMessage)));
        if (errors.Count == 0) return true;
        var unread = ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).ToHashSet();
        foreach (var (path, message) in errors)
        {
            // A rule over an expression ("VotingClosesAt - c.VotingOpensAt") is named after its first property.
            var property = path.Split('[', '.', ' ')[0];
            // A list the form names as the command does ("Options[0].Title" for prefix "Options") keeps its own name.
            var field = fieldOf?.GetValueOrDefault(property)
                ?? (path.StartsWith(prefix + "[", StringComparison.Ordinal) ? path : $"{prefix}.{path}");
            if (!unread.Contains(field)) ModelState.AddModelError(field, message);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }
}
