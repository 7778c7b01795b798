// Import openai only.
import "openai";
