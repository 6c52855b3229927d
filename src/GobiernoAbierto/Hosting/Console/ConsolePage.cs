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
    /// at the top of the page (_Refusal).
    /// </summary>
    protected bool Validate<T>(T command, string prefix, IReadOnlyDictionary<string, string>? fieldOf = null)
    {
        var validator = HttpContext.RequestServices.GetService<IValidator<T>>();
        if (validator?.Validate(command) is not { IsValid: false } result) return true;
        foreach (var error in result.Errors)
        {
            // A rule over an expression ("VotingClosesAt - c.VotingOpensAt") is named after its first property.
            var property = error.PropertyName.Split('[', '.', ' ')[0];
            ModelState.AddModelError(fieldOf?.GetValueOrDefault(property) ?? $"{prefix}.{error.PropertyName}", error.ErrorMessage);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return false;
    }
}
