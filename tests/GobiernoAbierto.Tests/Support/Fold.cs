using System.Reflection;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// Folds events the way Marten applies them to a snapshot or a projection: the static Create(E) of the first event the
/// type knows, then each later event's Apply: an instance Apply(E) returning the new state (aggregates), or a static
/// Apply(E, T) on the projection class. Events the type has no method for are skipped, as Marten skips them. The methods
/// are the types' own, found by reflection, so a test's history cannot drift from what the service does with it.
/// </summary>
internal static class Fold
{
    /// <param name="projection">The projection class that defines Create/Apply, when they are not on T itself.</param>
    public static T Into<T>(IEnumerable<object> events, Type? projection = null) where T : class =>
        Onto<T>(null, events, projection) ?? throw new ArgumentException($"None of the events creates a {typeof(T).Name}.");

    public static T? Onto<T>(T? state, IEnumerable<object> events, Type? projection = null) where T : class
    {
        var definer = projection ?? typeof(T);
        foreach (var e in events) state = Step(state, e, definer);
        return state;
    }

    private static T? Step<T>(T? state, object e, Type definer) where T : class
    {
        var eventType = e.GetType();
        if (state is null)
            return definer.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [eventType]) is { } create && create.ReturnType == typeof(T)
                ? (T)create.Invoke(null, [e])!
                : null;
        if (typeof(T).GetMethod("Apply", BindingFlags.Public | BindingFlags.Instance, [eventType]) is { } apply && apply.ReturnType == typeof(T))
            return (T)apply.Invoke(state, [e])!;
        if (definer.GetMethod("Apply", BindingFlags.Public | BindingFlags.Static, [eventType, typeof(T)]) is { } applyTo)
            return (T)applyTo.Invoke(null, [e, state])!;
        return state;
    }
}
