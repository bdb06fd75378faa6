/// `transform` applied to every element of `items` in child tasks, at most `width` running at
/// once, the results in the order of `items`. The first error thrown cancels the rest and is
/// rethrown.
func orderedConcurrentMap<Element: Sendable, Result: Sendable>(
    _ items: [Element], width: Int, _ transform: @escaping @Sendable (Element) throws -> Result
) async throws -> [Result] {
    try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            let index = next, item = items[index]
            group.addTask { (index, try transform(item)) }
            next += 1
        }
        while next < min(max(width, 1), items.count) { start() }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count { start() }
        }
        return results.map { $0! }
    }
}
