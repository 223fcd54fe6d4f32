print("rating-terminal")
