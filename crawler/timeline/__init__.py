"""Recording a capture on its policy's timeline: versions, changes, holds on doubtful texts."""
